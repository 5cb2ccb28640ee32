package org.flowmatch.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.flowmatch.experiments.plot.FlowAnimation;
import org.flowmatch.experiments.plot.ImageGrid;
import org.flowmatch.experiments.plot.ImageShape;
import org.junit.jupiter.api.Test;

/** Samples land in the row of their class, beside real images of that class; the flow keeps the same layout. */
class ImagePlotsTest {

  private static final ImageShape ONE = new ImageShape(1, 1, 1);

  @Test
  void labelledRowsHoldTheirClassInOrder() {
    double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}};
    int[] labels = {1, 0, 1, 1, 2, 0};
    double[][][] cells = ImagePlots.byRow(x, labels, 3, 2);
    assertArrayEquals(new double[] {1}, cells[0][0]);
    assertArrayEquals(new double[] {5}, cells[0][1]);
    assertArrayEquals(new double[] {0}, cells[1][0]);
    assertArrayEquals(new double[] {2}, cells[1][1], "the third of class 1 does not fit");
    assertArrayEquals(new double[] {4}, cells[2][0]);
    assertNull(cells[2][1]);
    double[][][] plain = ImagePlots.byRow(x, null, 2, 2);
    assertArrayEquals(new double[] {3}, plain[1][1]);
  }

  /** One-pixel images of value = class: each cell of row k is drawn in class k's grey, generated and real alike. */
  @Test
  void theGridDrawsEachClassInItsRow() {
    double[][] generated = {{2}, {0}, {1}, {2}, {1}, {0}};
    int[] labels = {2, 0, 1, 2, 1, 0};
    double[][] real = {{1}, {0}, {2}, {0}, {1}, {2}};
    int[] realLabels = {1, 0, 2, 0, 1, 2};
    ImageGrid grid = ImagePlots.samples(ONE, "t", generated, labels, real, realLabels, 3, 2, new double[] {0, 2});
    BufferedImage img = grid.toImage(300, 300);
    for (int block = 0; block < 2; block++) {
      for (int k = 0; k < 3; k++) {
        for (int c = 0; c < 2; c++) {
          Rectangle cell = grid.cell(block, k, c, 300, 300);
          int grey = img.getRGB((int) cell.getCenterX(), (int) cell.getCenterY()) & 0xFF;
          assertEquals(255 - (int) Math.round(255 * k / 2.0), grey, "block " + block + " row " + k + " col " + c);
        }
      }
    }
  }

  @Test
  void theAnimationShowsTheFirstTrajectoriesOfEachClass() {
    // Trajectory i moves from 0 to i; labels alternate 0, 1.
    int n = 6;
    double[][][] paths = new double[n][2][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      paths[i][0] = new double[] {0};
      paths[i][1] = new double[] {i};
      labels[i] = i % 2;
    }
    FlowAnimation flow = ImagePlots.animation(ONE, paths, new double[] {0, 1}, labels, 2, 2, new double[] {0, 5});
    double[][] end = flow.positions(1);
    assertEquals(4, end.length);
    assertArrayEquals(new double[] {0, 2, 1, 3}, new double[] {end[0][0], end[1][0], end[2][0], end[3][0]});
  }

  @Test
  void theRangeIsTheDataRange() {
    assertArrayEquals(new double[] {-1, 16}, ImagePlots.range(new double[][] {{0, 16}, {-1, 3}}));
    assertArrayEquals(new double[] {0, 1}, ImagePlots.range(new double[][] {{2, 2}}));
  }
}
