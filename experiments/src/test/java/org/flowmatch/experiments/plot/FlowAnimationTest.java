package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GIF has its frames, delays and loop, and shows the points where the trajectories put them. */
class FlowAnimationTest {

  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  /** Straight paths from start[i] to end[i] at T evenly spaced times. */
  private static double[][][] straight(double[][] start, double[][] end, int steps) {
    double[][][] p = new double[start.length][steps][];
    for (int i = 0; i < start.length; i++) {
      for (int s = 0; s < steps; s++) {
        double t = (double) s / (steps - 1);
        p[i][s] = new double[] {
            start[i][0] + t * (end[i][0] - start[i][0]), start[i][1] + t * (end[i][1] - start[i][1])};
      }
    }
    return p;
  }

  private static double[] times(int steps) {
    double[] t = new double[steps];
    for (int s = 0; s < steps; s++) {
      t[s] = (double) s / (steps - 1);
    }
    return t;
  }

  private static IIOMetadataNode find(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equals(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    return null;
  }

  private static final double[][] START = {{-3, -3}, {3, -3}, {0, 3}};
  private static final double[][] END = {{3, 3}, {-3, 3}, {0, -3}};

  @Test
  void theGifHasItsFramesLoopsForEverAndHoldsTheLastFrame(@TempDir Path dir) throws IOException {
    FlowAnimation flow = FlowAnimation.of(straight(START, END, 11), times(11)).frames(8).delays(50, 700)
        .size(240, 240);
    Path gif = dir.resolve("flow.gif");
    flow.write(gif);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      assertEquals(8, reader.getNumImages(true));
      List<Integer> delays = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(k).getAsTree(FORMAT);
        delays.add(Integer.parseInt(find(root, "GraphicControlExtension").getAttribute("delayTime")));
        BufferedImage frame = reader.read(k);
        assertEquals(240, frame.getWidth());
        assertEquals(240, frame.getHeight());
      }
      assertEquals(List.of(5, 5, 5, 5, 5, 5, 5, 70), delays);
      IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
      IIOMetadataNode apps = find(first, "ApplicationExtensions");
      assertTrue(apps != null, "application extensions on the first frame");
      IIOMetadataNode loop = (IIOMetadataNode) apps.getFirstChild();
      assertEquals("NETSCAPE", loop.getAttribute("applicationID"));
      assertEquals("2.0", loop.getAttribute("authenticationCode"));
      assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) loop.getUserObject(), "loop for ever");
    } finally {
      reader.dispose();
    }
  }

  @Test
  void theFirstAndLastFramesShowTheFirstAndLastPoints(@TempDir Path dir) throws IOException {
    FlowAnimation flow = FlowAnimation.of(straight(START, END, 31), times(31)).frames(20).size(300, 300);
    Path gif = dir.resolve("flow.gif");
    flow.write(gif);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      BufferedImage first = reader.read(0);
      BufferedImage last = reader.read(19);
      Chart.PlotArea a0 = flow.frame(0).plotArea(300, 300);
      Chart.PlotArea a1 = flow.frame(19).plotArea(300, 300);
      assertEquals(a0, a1, "fixed axes over the animation");
      Color point = Palette.over(Palette.series(0), 0.9, Color.WHITE);
      for (int i = 0; i < START.length; i++) {
        int sx = (int) a0.px(START[i][0]);
        int sy = (int) a0.py(START[i][1]);
        int ex = (int) a0.px(END[i][0]);
        int ey = (int) a0.py(END[i][1]);
        assertTrue(ChartTest.distance(first.getRGB(sx, sy), point) <= 16, "start " + i + " in the first frame");
        assertTrue(ChartTest.distance(last.getRGB(ex, ey), point) <= 16, "end " + i + " in the last frame");
        assertTrue(ChartTest.distance(first.getRGB(ex, ey), point) > 80, "no end " + i + " in the first frame");
        assertTrue(ChartTest.distance(last.getRGB(sx, sy), point) > 80, "no start " + i + " in the last frame");
      }
    } finally {
      reader.dispose();
    }
  }

  @Test
  void framesInterpolateBetweenSampledTimesAndTitleTheTime() {
    double[] t = {0, 0.1, 0.5, 1};
    double[][][] paths = {{{0, 0}, {1, 2}, {5, 10}, {10, 20}}};
    FlowAnimation flow = FlowAnimation.of(paths, t).frames(5);
    assertEquals(5, flow.frameCount());
    assertEquals(0.25, flow.time(1), 1e-15);
    assertArrayEquals(new double[] {2.5, 5}, flow.positions(1)[0], 1e-12);
    assertArrayEquals(new double[] {10, 20}, flow.positions(4)[0], 1e-12);
    assertEquals(4, FlowAnimation.of(paths, t).frameCount());
    BufferedImage img = flow.frame(1).toImage(200, 200);
    assertEquals(200, img.getWidth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlowAnimation.of(paths, new double[] {0, 0.5, 1}));
    assertEquals("trajectories have 4 points but there are 3 times", e.getMessage());
  }
}
