package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts put each point where their scales say, in the series' colour, and refuse what a log axis cannot show. */
class ChartTest {

  /** The largest channel difference between pixel rgb and colour c. */
  static int distance(int rgb, Color c) {
    return Math.max(Math.abs((rgb >> 16 & 0xFF) - c.getRed()), Math.max(Math.abs((rgb >> 8 & 0xFF) - c.getGreen()),
        Math.abs((rgb & 0xFF) - c.getBlue())));
  }

  /** How many pixels within radius r of (x, y) are within tolerance of colour c. */
  static int near(BufferedImage img, double x, double y, int r, Color c, int tolerance) {
    int count = 0;
    for (int j = (int) y - r; j <= (int) y + r; j++) {
      for (int i = (int) x - r; i <= (int) x + r; i++) {
        if (i >= 0 && j >= 0 && i < img.getWidth() && j < img.getHeight()
            && distance(img.getRGB(i, j), c) <= tolerance) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void thePngHasTheSizeAndEachPointLandsWhereTheScaleMapsIt(@TempDir Path dir) throws IOException {
    double[] x = {-3, 0.5, 2.5};
    double[] y = {2, -1.5, 1};
    Chart chart = Chart.of("three points").xLabel("x").yLabel("y").xRange(-4, 4).yRange(-3, 3)
        .add(Series.scatter("a", x, y).size(8))
        .add(Series.scatter("b", new double[] {-2}, new double[] {-2}).size(8));
    Path file = dir.resolve("sub/points.png");
    chart.write(file, 640, 420);
    BufferedImage img = ImageIO.read(file.toFile());
    assertEquals(640, img.getWidth());
    assertEquals(420, img.getHeight());
    Chart.PlotArea area = chart.plotArea(640, 420);
    for (int i = 0; i < x.length; i++) {
      double px = area.px(x[i]);
      double py = area.py(y[i]);
      assertTrue(distance(img.getRGB((int) px, (int) py), Palette.series(0)) <= 8, "centre of point " + i);
      assertTrue(near(img, px, py, 3, Palette.series(0), 8) >= 20, "body of point " + i);
      assertEquals(0, near(img, px, py, 3, Palette.series(1), 40), "second colour at point " + i);
    }
    assertTrue(near(img, area.px(-2), area.py(-2), 3, Palette.series(1), 8) >= 20, "the second series' colour");
    assertEquals(0, near(img, area.px(0), area.py(1), 6, Palette.series(0), 60), "an empty place");
    assertTrue(area.bounds().getWidth() > 400 && area.bounds().getHeight() > 250, "the plot fills the image");
    int dark = 0;
    for (int j = 0; j < 40; j++) {
      for (int i = 0; i < 640; i++) {
        dark += distance(img.getRGB(i, j), Color.WHITE) > 100 ? 1 : 0;
      }
    }
    assertTrue(dark > 50, "the title is drawn");
  }

  @Test
  void logAxesMapDecadesEvenlyAndDrawLines() {
    double[] nfe = {1, 10, 100, 1000};
    double[] err = {1, 1e-2, 1e-4, 1e-6};
    Chart chart = Chart.of("log-log").logX().logY().add(Series.line("err", nfe, err).markers(true));
    Chart.PlotArea area = chart.plotArea(500, 400);
    double dx = area.px(10) - area.px(1);
    assertEquals(dx, area.px(1000) - area.px(100), 1e-9);
    assertEquals(area.py(1e-2) - area.py(1), area.py(1e-6) - area.py(1e-4), 1e-9);
    BufferedImage img = chart.toImage(500, 400);
    double mx = (area.px(10) + area.px(100)) / 2;
    double my = (area.py(1e-2) + area.py(1e-4)) / 2;
    assertTrue(near(img, mx, my, 2, Palette.series(0), 30) >= 3, "the line between the 2nd and 3rd points");
    assertTrue(near(img, area.px(100), area.py(1e-4), 2, Palette.series(0), 8) >= 9, "the marker");
  }

  @Test
  void logAxesRejectNonPositiveValuesNamingTheSeries() {
    double[] x = {1, 2, 3, 4};
    double[] y = {1, 0.5, 0.2, -0.5};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Chart.of("t").logY().add(Series.line("loss", x, y)));
    assertEquals("series 'loss' has y = -0.5 at index 3, but a log y axis can only show positive values",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Chart.of("t").add(Series.line("loss", x, y)).logY());
    assertEquals("series 'loss' has y = -0.5 at index 3, but a log y axis can only show positive values",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Chart.of("t").add(Series.scatter(null, new double[] {0, 1}, new double[] {1, 1})).logX());
    assertEquals("series (unnamed) has x = 0.0 at index 0, but a log x axis can only show positive values",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Chart.of("t").logY().add(Series.scatter("zero", new double[] {1}, new double[] {0})));
    assertEquals("series 'zero' has y = 0.0 at index 0, but a log y axis can only show positive values",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Chart.of("t").logX().xRange(-1, 10));
    assertEquals("a log x axis needs a positive range, got [-1.0, 10.0]", e.getMessage());
    Chart.of("t").logY().add(Series.line("gaps", x, new double[] {1, Double.NaN, 0.2, 0.1}));
  }

  @Test
  void equalAspectGivesOnePixelLengthPerUnitOnBothAxes() {
    for (int[] size : new int[][] {{800, 400}, {400, 800}}) {
      Chart.PlotArea a = Chart.of("square").equalAspect().xRange(-4, 4).yRange(-2, 2)
          .add(Series.scatter("p", new double[] {0}, new double[] {0})).plotArea(size[0], size[1]);
      double perX = a.px(1) - a.px(0);
      double perY = a.py(0) - a.py(1);
      assertEquals(perX, perY, 0.01 * perX, "at " + size[0] + " x " + size[1]);
    }
  }

  @Test
  void automaticBoundsPadTheDataAndFixedBoundsHold() {
    Chart.PlotArea a = Chart.of(null).add(Series.line("l", new double[] {0, 10}, new double[] {5, 7}))
        .plotArea(400, 300);
    assertEquals(-0.5, a.x().lo(), 1e-12);
    assertEquals(10.5, a.x().hi(), 1e-12);
    assertEquals(4.9, a.y().lo(), 1e-12);
    Chart.PlotArea fixed = Chart.of(null).xRange(0, 1).yRange(2, 3)
        .add(Series.line("l", new double[] {-5, 10}, new double[] {5, 7})).plotArea(400, 300);
    assertEquals(new Scale(false, 0, 1), fixed.x());
    assertEquals(new Scale(false, 2, 3), fixed.y());
  }

  @Test
  void theParetoFrontKeepsThePointsNoOtherBeatsInBoth() {
    double[] cost = {8, 1, 4, 2, 16, 4, 32};
    double[] err = {0.1, 1, 0.5, 0.6, 0.01, 0.2, 0.02};
    Series front = Series.front("front", cost, err);
    double[] fx = new double[front.points()];
    double[] fy = new double[front.points()];
    for (int i = 0; i < front.points(); i++) {
      fx[i] = front.x(i);
      fy[i] = front.y(i);
    }
    assertArrayEquals(new double[] {1, 2, 4, 8, 16}, fx);
    assertArrayEquals(new double[] {1, 0.6, 0.2, 0.1, 0.01}, fy);
  }

  @Test
  void panelsPutChartsSideBySide() {
    Chart left = Chart.of("left").xRange(0, 1).yRange(0, 1)
        .add(Series.scatter("l", new double[] {0.5}, new double[] {0.5}).size(10));
    Chart right = Chart.of("right").xRange(0, 1).yRange(0, 1)
        .add(Series.scatter("r", new double[] {0.25}, new double[] {0.75}).color(Palette.series(2)).size(10));
    BufferedImage img = Panels.render(List.of(left, right), 2, 300, 240);
    assertEquals(600, img.getWidth());
    assertEquals(240, img.getHeight());
    Chart.PlotArea a = left.plotArea(300, 240);
    Chart.PlotArea b = right.plotArea(300, 240);
    assertTrue(near(img, a.px(0.5), a.py(0.5), 2, Palette.series(0), 8) >= 9);
    assertTrue(near(img, 300 + b.px(0.25), b.py(0.75), 2, Palette.series(2), 8) >= 9);
    assertEquals(0, near(img, 300 + b.px(0.5), b.py(0.5), 3, Palette.series(0), 60));
  }
}
