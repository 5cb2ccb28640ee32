package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes the example figures to target/plot-examples (the four-Gaussian data beside N(0, I), its log-density, a loss
 * curve, error against NFE with a Pareto front, trajectories and the flow as a GIF with a few frames as PNG) and
 * checks that each is there at its size and shows what it should where it should: points where the data is and
 * none where it is not, each series in its colour, the heat map's clipped colour away from the clusters.
 */
class ExampleImagesTest {

  static final Path DIR = Path.of(System.getProperty("basedir", "."), "target", "plot-examples");
  static final double[][] CENTRES = {{2, 2}, {-2, 2}, {-2, -2}, {2, -2}};
  static final double STD = 0.3;

  @BeforeAll
  static void outputDirectory() throws IOException {
    Files.createDirectories(DIR);
  }

  /** n samples of the mixture of four Gaussians at (+-2, +-2) with standard deviation 0.3. */
  static double[][] mixture(int n, Random rng) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] c = CENTRES[rng.nextInt(4)];
      x[i] = new double[] {c[0] + STD * rng.nextGaussian(), c[1] + STD * rng.nextGaussian()};
    }
    return x;
  }

  static double[][] gaussian(int n, Random rng) {
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {rng.nextGaussian(), rng.nextGaussian()};
    }
    return x;
  }

  static double logDensity(double x, double y) {
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[4];
    for (int k = 0; k < 4; k++) {
      double dx = x - CENTRES[k][0];
      double dy = y - CENTRES[k][1];
      terms[k] = Math.log(0.25) - Math.log(2 * Math.PI * STD * STD) - (dx * dx + dy * dy) / (2 * STD * STD);
      max = Math.max(max, terms[k]);
    }
    double s = 0;
    for (double t : terms) {
      s += Math.exp(t - max);
    }
    return max + Math.log(s);
  }

  /** Paths from N(0, I) samples to a sample of the nearest cluster, bent sideways: x0 + t d + 0.3 t (1 - t) d'. */
  static double[][][] flowPaths(int n, int steps, Random rng) {
    double[][][] paths = new double[n][steps][];
    for (int i = 0; i < n; i++) {
      double[] x0 = {rng.nextGaussian(), rng.nextGaussian()};
      int k = nearest(x0);
      double[] x1 = {CENTRES[k][0] + STD * rng.nextGaussian(), CENTRES[k][1] + STD * rng.nextGaussian()};
      double dx = x1[0] - x0[0];
      double dy = x1[1] - x0[1];
      for (int s = 0; s < steps; s++) {
        double t = (double) s / (steps - 1);
        double bend = 0.6 * t * (1 - t);
        paths[i][s] = new double[] {x0[0] + t * dx - bend * dy, x0[1] + t * dy + bend * dx};
      }
    }
    return paths;
  }

  static int nearest(double[] x) {
    int best = 0;
    for (int k = 1; k < 4; k++) {
      if (dist2(x, CENTRES[k]) < dist2(x, CENTRES[best])) {
        best = k;
      }
    }
    return best;
  }

  private static double dist2(double[] a, double[] b) {
    return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
  }

  private static BufferedImage assertImage(Path file, int width, int height) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    assertEquals(width, img.getWidth(), file + " width");
    assertEquals(height, img.getHeight(), file + " height");
    return img;
  }

  /** The colour of the pixel at data point (x, y). */
  private static int at(BufferedImage img, Chart.PlotArea a, double x, double y) {
    return img.getRGB((int) Math.round(a.px(x)), (int) Math.round(a.py(y))) & 0xFFFFFF;
  }

  /** Pixels of exactly {@code color} inside the plot area. */
  private static int count(BufferedImage img, Chart.PlotArea a, Color color) {
    int n = 0;
    java.awt.geom.Rectangle2D b = a.bounds();
    for (int y = (int) b.getMinY(); y < (int) b.getMaxY(); y++) {
      for (int x = (int) b.getMinX(); x < (int) b.getMaxX(); x++) {
        n += (img.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF) ? 1 : 0;
      }
    }
    return n;
  }

  /** The fraction of pixels that are not white in the square of half-side {@code r} around (x, y). */
  private static double covered(BufferedImage img, Chart.PlotArea a, double x, double y, double r) {
    int all = 0;
    int drawn = 0;
    for (int py = (int) a.py(y + r); py <= (int) a.py(y - r); py++) {
      for (int px = (int) a.px(x - r); px <= (int) a.px(x + r); px++) {
        all++;
        drawn += (img.getRGB(px, py) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
      }
    }
    return (double) drawn / all;
  }

  @Test
  void samplesBesideData() throws IOException {
    Random rng = new Random(1);
    Chart data = Chart.of("Data: four Gaussians").xLabel("x\u2081").yLabel("x\u2082").equalAspect()
        .xRange(-4, 4).yRange(-4, 4).add(Series.scatter("data", mixture(2000, rng)).alpha(0.35).size(4));
    Chart base = Chart.of("Base: N(0, I)").xLabel("x\u2081").yLabel("x\u2082").equalAspect()
        .xRange(-4, 4).yRange(-4, 4)
        .add(Series.scatter("samples", gaussian(2000, rng)).color(Palette.series(1)).alpha(0.35).size(4));
    Path file = DIR.resolve("samples-beside-data.png");
    Panels.write(file, List.of(base, data), 2, 480, 460);
    assertImage(file, 960, 460);
    BufferedImage alone = data.toImage(480, 460);
    Chart.PlotArea a = data.plotArea(480, 460);
    for (double[] c : CENTRES) {
      assertTrue(covered(alone, a, c[0], c[1], 0.3) > 0.5, "points drawn at the cluster " + c[0] + ", " + c[1]);
    }
    assertTrue(covered(alone, a, 0.5, 0.5, 0.3) < 0.02, "no points between the clusters (nor grid lines there)");
  }

  @Test
  void logDensityHeatMap() throws IOException {
    int n = 240;
    double[][] v = new double[n][n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        v[j][i] = logDensity(-4 + 8 * (i + 0.5) / n, -4 + 8 * (j + 0.5) / n);
      }
    }
    Chart chart = Chart.of("log-density of the mixture").xLabel("x\u2081").yLabel("x\u2082").equalAspect()
        .heatMap(HeatMap.of(v, -4, 4, -4, 4).clip(-20, Double.NaN).label("log p(x)"))
        .add(Series.scatter("samples", mixture(150, new Random(2))).color(Color.WHITE).alpha(0.8).size(3));
    Path file = DIR.resolve("log-density.png");
    chart.write(file, 620, 520);
    BufferedImage img = assertImage(file, 620, 520);
    Chart.PlotArea a = chart.plotArea(620, 520);
    int clipped = at(img, a, 0, 0);
    assertEquals(clipped, at(img, a, 3.8, -3.8), "log p < -20 at the origin and in a corner: one clipped colour");
    int hot = 0;
    for (double[] c : CENTRES) {
      for (double d = -0.1; d <= 0.1; d += 0.05) {
        int rgb = at(img, a, c[0] + d, c[1] - d);
        hot += rgb != clipped && rgb != 0xFFFFFF ? 1 : 0;
      }
    }
    assertTrue(hot > 10, "the heat map is coloured at the clusters: " + hot + " of 20 pixels");
  }

  @Test
  void lossCurve() throws IOException {
    Random rng = new Random(3);
    int steps = 5000;
    double[] step = new double[steps];
    double[] loss = new double[steps];
    double[] smooth = new double[steps];
    double ema = 0;
    for (int s = 0; s < steps; s++) {
      step[s] = s + 1;
      loss[s] = (0.04 + 2.5 * Math.exp(-s / 600.0) + 0.3 * Math.exp(-s / 3000.0)) * Math.exp(0.35 * rng.nextGaussian());
      ema = 0.98 * ema + 0.02 * loss[s];
      smooth[s] = ema / (1 - Math.pow(0.98, s + 1));
    }
    Chart chart = Chart.of("Training loss").xLabel("step").yLabel("loss").logY()
        .add(Series.line("loss", step, loss).alpha(0.3).width(1))
        .add(Series.line("EMA (0.98)", step, smooth).color(Palette.series(0)).width(2));
    Path file = DIR.resolve("loss.png");
    chart.write(file, 720, 440);
    BufferedImage img = assertImage(file, 720, 440);
    assertTrue(count(img, chart.plotArea(720, 440), Palette.series(0)) > 300, "the EMA line is drawn");
  }

  @Test
  void errorAgainstNfe() throws IOException {
    String[] names = {"Euler", "midpoint", "Heun", "RK4"};
    int[] order = {1, 2, 2, 4};
    int[] stages = {1, 2, 2, 4};
    double[] constant = {2.0, 0.9, 0.6, 0.5};
    Chart chart = Chart.of("Sampling error against cost").xLabel("function evaluations (NFE)")
        .yLabel("error (W\u2082 to reference)").logX().logY();
    double[] allX = new double[4 * 8];
    double[] allY = new double[4 * 8];
    for (int m = 0; m < 4; m++) {
      double[] nfe = new double[8];
      double[] err = new double[8];
      for (int k = 0; k < 8; k++) {
        int steps = 1 << k;
        nfe[k] = steps * stages[m];
        err[k] = constant[m] * Math.pow(steps, -order[m]) + 2e-5;
        allX[8 * m + k] = nfe[k];
        allY[8 * m + k] = err[k];
      }
      chart = chart.add(Series.line(names[m], nfe, err).markers(true));
    }
    chart = chart.add(Series.front("Pareto front", allX, allY).color(Color.BLACK).alpha(0.6).width(1.2).size(3));
    Path file = DIR.resolve("error-vs-nfe.png");
    chart.write(file, 720, 500);
    BufferedImage img = assertImage(file, 720, 500);
    for (int m = 0; m < 4; m++) {
      assertTrue(count(img, chart.plotArea(720, 500), Palette.series(m)) > 50, names[m] + " is drawn in its colour");
    }
  }

  @Test
  void trajectoriesAndFlow() throws IOException {
    double[][][] paths = flowPaths(300, 41, new Random(4));
    Path file = DIR.resolve("trajectories.png");
    TrajectoryPlot.of("Trajectories from N(0, I) to the clusters", paths).xLabel("x\u2081").yLabel("x\u2082")
        .write(file, 560, 540);
    assertImage(file, 560, 540);

    double[][][] many = flowPaths(500, 61, new Random(5));
    int[] groups = new int[many.length];
    for (int i = 0; i < many.length; i++) {
      groups[i] = nearest(many[i][many[i].length - 1]);
    }
    double[] times = new double[61];
    for (int s = 0; s < times.length; s++) {
      times[s] = s / 60.0;
    }
    FlowAnimation flow = FlowAnimation.of(many, times).frames(60).groups(groups).bounds(-4, 4, -4, 4);
    Path gif = DIR.resolve("flow.gif");
    flow.write(gif);
    assertTrue(Files.size(gif) < 5_000_000, "GIF of " + Files.size(gif) + " bytes");
    for (int k : new int[] {0, 20, 40, 59}) {
      Chart.writePng(flow.frame(k).toImage(480, 480), DIR.resolve(String.format("flow-frame-%02d.png", k)));
    }
    // the last frame shows the clusters, the first the Gaussian: points at a centre only at the end
    Chart first = flow.frame(0);
    Chart last = flow.frame(59);
    double atStart = covered(first.toImage(480, 480), first.plotArea(480, 480), 2, 2, 0.25);
    double atEnd = covered(last.toImage(480, 480), last.plotArea(480, 480), 2, 2, 0.25);
    assertTrue(atEnd > 2 * atStart && atEnd > 0.2, "the flow moves the points to the clusters: " + atStart + " -> "
        + atEnd);
  }
}
