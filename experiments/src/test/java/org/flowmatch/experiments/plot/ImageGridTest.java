package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image grids put each image, pixel by pixel, in its cell; image flows form the end images out of the start ones. */
class ImageGridTest {

  private static final ImageShape SHAPE = new ImageShape(1, 2, 3);

  /** The colour at the centre of image pixel (i, j) of a cell. */
  private static int pixel(BufferedImage img, Rectangle cell, ImageShape shape, int i, int j) {
    int s = cell.width / shape.width();
    return img.getRGB(cell.x + j * s + s / 2, cell.y + i * s + s / 2);
  }

  private static double[] blank() {
    return new double[SHAPE.size()];
  }

  @Test
  void aKnownImageLandsInItsCellPixelByPixel() {
    // Values 0..5 over the range [0, 5]: white, then greys, to black at the bottom right.
    double[] ramp = {0, 1, 2, 3, 4, 5};
    double[][][] left = {{blank(), blank()}, {blank(), blank()}};
    double[][][] right = {{blank()}, {ramp}};
    ImageGrid grid = ImageGrid.of(SHAPE).range(0, 5).title("title").block("generated", left).block("real", right)
        .rowLabels(List.of("0", "1"));
    BufferedImage img = grid.toImage(400, 300);
    Rectangle cell = grid.cell(1, 1, 0, 400, 300);
    assertEquals(0, cell.width % 3, "an integer number of screen pixels per image pixel");
    assertEquals(cell.width / 3, cell.height / 2);
    assertTrue(cell.width >= 30, "the images fill the room: " + cell);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        Color expected = ImageGrid.grey(ramp[i * 3 + j], 0, 5);
        assertEquals(0, ChartTest.distance(pixel(img, cell, SHAPE, i, j), expected), "pixel " + i + ", " + j);
      }
    }
    // The same positions in the blank cells (and in the other row of that block) are white.
    for (Rectangle other : List.of(grid.cell(0, 1, 1, 400, 300), grid.cell(1, 0, 0, 400, 300))) {
      assertEquals(0, ChartTest.distance(pixel(img, other, SHAPE, 1, 2), Color.WHITE), "blank cell " + other);
    }
    assertEquals(0, ChartTest.distance(pixel(img, cell, SHAPE, 1, 2), Color.BLACK));
    // Blocks sit side by side, rows one under the other.
    assertTrue(grid.cell(1, 0, 0, 400, 300).x > grid.cell(0, 0, 1, 400, 300).getMaxX());
    assertTrue(grid.cell(0, 1, 0, 400, 300).y > grid.cell(0, 0, 0, 400, 300).getMaxY());
  }

  @Test
  void valuesBeyondTheRangeAreClampedAndTheDefaultRangeIsTheData() {
    double[] image = {-10, 10, 2.5, 0, 5, 99};
    ImageGrid fixed = ImageGrid.of(SHAPE).range(0, 5).block(null, new double[][][] {{image}});
    BufferedImage img = fixed.toImage(200, 200);
    Rectangle c = fixed.cell(0, 0, 0, 200, 200);
    assertEquals(0, ChartTest.distance(pixel(img, c, SHAPE, 0, 0), Color.WHITE));
    assertEquals(0, ChartTest.distance(pixel(img, c, SHAPE, 0, 1), Color.BLACK));
    assertEquals(0, ChartTest.distance(pixel(img, c, SHAPE, 0, 2), new Color(127, 127, 127)), "half way: 255 - 128");
    ImageGrid fitted = ImageGrid.of(SHAPE).block(null, new double[][][] {{image}});
    BufferedImage f = fitted.toImage(200, 200);
    // Over [-10, 99]: 10 is at 20/109 of the way to black.
    int level = 255 - (int) Math.round(255 * 20.0 / 109);
    assertEquals(0, ChartTest.distance(pixel(f, c, SHAPE, 0, 1), new Color(level, level, level)));
  }

  @Test
  void rgbImagesMapEachChannel() {
    ImageShape rgb = new ImageShape(3, 1, 2);
    // Planes: red (1, 0), green (0, 1), blue (0, 0): a red then a green pixel.
    double[] image = {1, 0, 0, 1, 0, 0};
    ImageGrid grid = ImageGrid.of(rgb).range(0, 1).block(null, new double[][][] {{image}});
    BufferedImage img = grid.toImage(120, 80);
    Rectangle c = grid.cell(0, 0, 0, 120, 80);
    assertEquals(0, ChartTest.distance(pixel(img, c, rgb, 0, 0), Color.RED));
    assertEquals(0, ChartTest.distance(pixel(img, c, rgb, 0, 1), Color.GREEN));
  }

  @Test
  void gridsAndChartsShareThePanels() {
    double[] dark = {5, 5, 5, 5, 5, 5};
    ImageGrid grid = ImageGrid.of(SHAPE).range(0, 5).block(null, new double[][][] {{dark}});
    Chart chart = Chart.of("chart").add(Series.line("l", new double[] {0, 1}, new double[] {0, 1}));
    BufferedImage img = Panels.render(List.of(chart, grid), 2, 200, 150);
    Rectangle c = grid.cell(0, 0, 0, 200, 150);
    assertEquals(0, ChartTest.distance(img.getRGB(200 + c.x + c.width / 2, c.y + c.height / 2), Color.BLACK));
  }

  @Test
  void rejectsImagesOfTheWrongSizeAndBadShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageGrid.of(SHAPE).block("x", new double[][][] {{new double[5]}}));
    assertEquals("image (0, 0) of block 0 has 5 values, but shape [2, 3] needs 6", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImageShape.of(List.of(2, 8, 8)));
    assertEquals("an image has 1 (grey) or 3 (RGB) channels, got 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImageShape.of(List.of(64)));
    assertEquals("an image shape is [H, W] or [C, H, W], got [64]", e.getMessage());
    assertEquals(new ImageShape(1, 8, 8), ImageShape.of(List.of(8, 8)));
  }

  /** Straight paths from white images to black ones: the GIF starts all white and ends all black, cell by cell. */
  @Test
  void anImageFlowFormsTheEndImagesOutOfTheStartOnes(@TempDir Path dir) throws IOException {
    int n = 5;
    double[][][] paths = new double[n][3][];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < 3; t++) {
        paths[i][t] = new double[SHAPE.size()];
        // Image i ends black only at pixel i (of 6), so each cell is told apart.
        paths[i][t][i] = t / 2.0 * 5;
      }
    }
    FlowAnimation flow = FlowAnimation.of(paths, new double[] {0, 0.5, 1}).frames(5).size(300, 240)
        .images(SHAPE, 3, List.of("a", "b"), 0, 5);
    Path gif = dir.resolve("images.gif");
    flow.write(gif);
    ImageGrid last = flow.imageFrame(4);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertEquals(5, reader.getNumImages(true));
      BufferedImage first = reader.read(0);
      BufferedImage end = reader.read(4);
      for (int i = 0; i < n; i++) {
        Rectangle cell = last.cell(0, i / 3, i % 3, 300, 240);
        int pi = i / 3;
        int pj = i % 3;
        assertEquals(0, ChartTest.distance(pixel(first, cell, SHAPE, pi, pj), Color.WHITE), "start " + i);
        assertEquals(0, ChartTest.distance(pixel(end, cell, SHAPE, pi, pj), Color.BLACK), "end " + i);
        int other = (i + 1) % SHAPE.size();
        assertEquals(0, ChartTest.distance(pixel(end, cell, SHAPE, other / 3, other % 3), Color.WHITE),
            "other pixel of " + i);
      }
    } finally {
      reader.dispose();
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> flow.frame(0));
    assertTrue(e.getMessage().contains("6 coordinates"), e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> FlowAnimation.of(paths, new double[] {0, 0.5, 1}).images(new ImageShape(1, 8, 8), 3, List.of(), 0, 1));
    assertEquals("images of shape [8, 8] need 64 coordinates, but the trajectories have 6", bad.getMessage());
  }
}
