package org.flowmatch.experiments.plot;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.flowmatch.models.files.OutputFiles;

/**
 * Anything the engine draws into a rectangle: a {@link Chart} or an {@link ImageGrid}. {@link Panels} lays figures
 * side by side and {@link FlowAnimation} turns a sequence of them into a GIF, whatever kind they are.
 */
public interface Figure {

  /** Draws this figure into area of g (white background included), leaving g's state as it was. */
  void render(Graphics2D g, Rectangle area);

  /** This figure drawn on a white width x height image. */
  default BufferedImage toImage(int width, int height) {
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException("a figure needs at least 50 x 50 pixels, got " + width + " x " + height);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      render(g, new Rectangle(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes this figure as a width x height PNG, creating the parent directories. */
  default void write(Path png, int width, int height) throws IOException {
    Chart.writePng(toImage(width, height), png);
  }

  /** This figure as a width x height PNG, drawn when written. */
  default OutputFiles.Content png(int width, int height) {
    return out -> Chart.png(toImage(width, height)).writeTo(out);
  }
}
