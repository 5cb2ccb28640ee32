package org.flowmatch.models.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A square PNG scatter plot of 2-D points with axes through the origin, for looking at datasets by eye. */
final class ScatterPlot {
  private static final int SIZE = 480;
  private static final int MARGIN = 30;

  private ScatterPlot() {}

  /**
   * Plots {x0, y0, x1, y1, ...} on a square view [-h, h]^2 just wide enough for every point, so that shapes keep
   * their aspect ratio and the origin sits in the middle.
   */
  static BufferedImage render(double[] xy, String title) {
    double half = 0;
    for (double v : xy) {
      half = Math.max(half, Math.abs(v));
    }
    half = Math.max(1e-9, half * 1.05);
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, SIZE, SIZE);
    double scale = (SIZE - 2 * MARGIN) / (2 * half);
    int origin = SIZE / 2;
    g.setColor(new Color(200, 200, 200));
    g.setStroke(new BasicStroke(1));
    g.drawLine(MARGIN, origin, SIZE - MARGIN, origin);
    g.drawLine(origin, MARGIN, origin, SIZE - MARGIN);
    g.setColor(new Color(20, 60, 160, 140));
    for (int i = 0; i + 1 < xy.length; i += 2) {
      int px = (int) Math.round(origin + xy[i] * scale);
      int py = (int) Math.round(origin - xy[i + 1] * scale);
      g.fillOval(px - 2, py - 2, 4, 4);
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    g.drawString(String.format("%s   (axes to \u00b1%.2f)", title, half), MARGIN, 20);
    g.dispose();
    return image;
  }

  static void write(double[] xy, String title, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(render(xy, title), "png", file.toFile());
  }
}
