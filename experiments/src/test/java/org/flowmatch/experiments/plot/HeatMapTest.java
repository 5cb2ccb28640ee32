package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Heat maps colour values with viridis end to end, clip, and draw missing cells apart. */
class HeatMapTest {

  private static final Color VIRIDIS_TOP = new Color(0xFDE725);
  private static final Color VIRIDIS_BOTTOM = new Color(0x440154);

  @Test
  void theMaximumTakesTheTopColourOfViridisAndTheMinimumTheBottom() {
    double[][] v = {{-30, -12, -5}, {-8, -1, Double.NaN}};
    HeatMap h = HeatMap.of(v, 0, 3, 0, 2);
    assertEquals(-30, h.lo());
    assertEquals(-1, h.hi());
    assertEquals(VIRIDIS_TOP, h.colorOf(-1));
    assertEquals(VIRIDIS_BOTTOM, h.colorOf(-30));
    assertEquals(Palette.MISSING, h.colorOf(Double.NaN));
    assertEquals(Palette.MISSING, h.colorOf(Double.NEGATIVE_INFINITY));
    assertEquals(VIRIDIS_TOP, h.colorOf(Double.POSITIVE_INFINITY));
    Color mid = Palette.viridis(0.5);
    assertTrue(ChartTest.distance(new Color(0x21918C).getRGB(), mid) <= 2, "viridis(0.5) is " + mid);
  }

  @Test
  void clippingGivesEverythingBelowTheBottomColour() {
    double[][] v = {{-30, -25, -5}, {-8, -1, -20}};
    HeatMap h = HeatMap.of(v, 0, 3, 0, 2).clip(-20, Double.NaN);
    assertEquals(-20, h.lo());
    assertEquals(-1, h.hi());
    assertEquals(VIRIDIS_BOTTOM, h.colorOf(-30));
    assertEquals(VIRIDIS_BOTTOM, h.colorOf(-25));
    assertEquals(Palette.viridis(0.5), h.colorOf(-10.5));
  }

  @Test
  void cellsLandInTheirRectanglesWithTheColourBarBeside() {
    double[][] v = new double[4][5];
    for (int j = 0; j < 4; j++) {
      for (int i = 0; i < 5; i++) {
        v[j][i] = -(i + j);
      }
    }
    v[3][4] = Double.NaN;
    v[0][0] = 5;
    Chart chart = Chart.of("cells").heatMap(HeatMap.of(v, 0, 5, 0, 4).label("value"));
    BufferedImage img = chart.toImage(500, 400);
    Chart.PlotArea a = chart.plotArea(500, 400);
    assertEquals(VIRIDIS_TOP.getRGB(), img.getRGB((int) a.px(0.5), (int) a.py(0.5)), "the maximum, bottom left");
    assertEquals(Palette.MISSING.getRGB(), img.getRGB((int) a.px(4.5), (int) a.py(3.5)), "the NaN, top right");
    assertEquals(VIRIDIS_BOTTOM.getRGB(), img.getRGB((int) a.px(3.5), (int) a.py(3.5)), "the minimum, -6");
    int x = (int) a.bounds().getMaxX() + 19;
    assertTrue(ChartTest.distance(img.getRGB(x, (int) a.bounds().getY() + 3), VIRIDIS_TOP) <= 6, "bar top");
    assertTrue(ChartTest.distance(img.getRGB(x, (int) a.bounds().getMaxY() - 3), VIRIDIS_BOTTOM) <= 6,
        "bar bottom");
  }
}
