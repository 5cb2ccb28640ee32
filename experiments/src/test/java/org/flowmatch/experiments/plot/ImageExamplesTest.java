package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.flowmatch.models.files.FileDatasets;
import org.junit.jupiter.api.Test;

/**
 * Writes example image figures to target/plot-examples for a person to look at: real digits one row per class
 * beside noisy copies, and a GIF (and a few of its frames as PNG) of digits forming out of noise along straight
 * paths.
 */
class ImageExamplesTest {

  private static final ImageShape SHAPE = new ImageShape(1, 8, 8);

  /** The first {@code perClass} digits of each class, [10][perClass][64]. */
  private static double[][][] digits(int perClass) throws IOException {
    double[][][] cells = new double[10][perClass][];
    int[] count = new int[10];
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(ImageExamplesTest.class.getResourceAsStream(FileDatasets.DIGITS_RESOURCE)),
        StandardCharsets.US_ASCII))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",");
        int label = Integer.parseInt(f[64].trim());
        if (count[label] < perClass) {
          double[] image = new double[64];
          for (int j = 0; j < 64; j++) {
            image[j] = Double.parseDouble(f[j]);
          }
          cells[label][count[label]++] = image;
        }
      }
    }
    return cells;
  }

  private static List<String> labels() {
    List<String> l = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      l.add(Integer.toString(k));
    }
    return l;
  }

  @Test
  void digitsBesideNoisyCopies() throws IOException {
    double[][][] real = digits(8);
    Random rng = new Random(1);
    double[][][] noisy = new double[10][8][64];
    for (int k = 0; k < 10; k++) {
      for (int c = 0; c < 8; c++) {
        for (int j = 0; j < 64; j++) {
          noisy[k][c][j] = real[k][c][j] + 3 * rng.nextGaussian();
        }
      }
    }
    ImageGrid grid = ImageGrid.of(SHAPE).range(0, 16).title("digits: noisy copies beside the real ones")
        .block("noisy (σ = 3)", noisy).block("real", real).rowLabels(labels());
    Path png = ExampleImagesTest.DIR.resolve("digits-grid.png");
    Files.createDirectories(png.getParent());
    grid.write(png, 900, 760);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
  }

  @Test
  void digitsFormingOutOfNoise() throws IOException {
    double[][][] real = digits(6);
    Random rng = new Random(2);
    int n = 60;
    int steps = 21;
    double[][][] paths = new double[n][steps][64];
    double[] times = new double[steps];
    for (int i = 0; i < n; i++) {
      double[] end = real[i / 6][i % 6];
      double[] start = new double[64];
      for (int j = 0; j < 64; j++) {
        start[j] = 8 + 5 * rng.nextGaussian();
      }
      for (int s = 0; s < steps; s++) {
        double t = s / (steps - 1.0);
        times[s] = t;
        for (int j = 0; j < 64; j++) {
          paths[i][s][j] = (1 - t) * start[j] + t * end[j];
        }
      }
    }
    FlowAnimation flow = FlowAnimation.of(paths, times).frames(21).size(420, 600)
        .images(SHAPE, 6, labels(), 0, 16);
    flow.write(ExampleImagesTest.DIR.resolve("digits-flow.gif"));
    for (int k : new int[] {0, 10, 20}) {
      Chart.writePng(flow.figure(k).toImage(420, 600),
          ExampleImagesTest.DIR.resolve(String.format("digits-flow-frame-%02d.png", k)));
    }
    assertEquals(21, flow.frameCount());
  }
}
