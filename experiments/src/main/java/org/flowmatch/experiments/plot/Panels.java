package org.flowmatch.experiments.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.models.files.OutputFiles;

/** Several figures (charts, image grids) side by side in one image, row by row, each in a panel of the same size. */
public final class Panels {

  private Panels() {}

  /** The charts in a grid of the given number of columns, each panel panelWidth x panelHeight pixels. */
  public static BufferedImage render(List<? extends Figure> charts, int columns, int panelWidth, int panelHeight) {
    if (charts.isEmpty() || columns < 1) {
      throw new IllegalArgumentException("panels need at least one chart and one column, got " + charts.size()
          + " charts in " + columns + " columns");
    }
    int cols = Math.min(columns, charts.size());
    int rows = (charts.size() + cols - 1) / cols;
    BufferedImage img = new BufferedImage(cols * panelWidth, rows * panelHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      for (int k = 0; k < charts.size(); k++) {
        Rectangle r = new Rectangle((k % cols) * panelWidth, (k / cols) * panelHeight, panelWidth, panelHeight);
        charts.get(k).render(g, r);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes {@link #render} as a PNG, creating the parent directories. */
  public static void write(Path png, List<? extends Figure> charts, int columns, int panelWidth, int panelHeight)
      throws IOException {
    Chart.writePng(render(charts, columns, panelWidth, panelHeight), png);
  }

  /** {@link #render} as PNG content, drawn when written. */
  public static OutputFiles.Content png(List<? extends Figure> charts, int columns, int panelWidth,
      int panelHeight) {
    return out -> Chart.png(render(charts, columns, panelWidth, panelHeight)).writeTo(out);
  }
}
