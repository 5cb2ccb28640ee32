package org.flowmatch.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.plot.Chart;
import org.flowmatch.experiments.plot.FlowAnimation;
import org.flowmatch.experiments.plot.HeatMap;
import org.flowmatch.experiments.plot.ImageShape;
import org.flowmatch.experiments.plot.ManifoldCharts;
import org.flowmatch.experiments.plot.Panels;
import org.flowmatch.experiments.plot.Series;
import org.flowmatch.experiments.plot.TrajectoryPlot;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.manifolds.Manifold;
import org.flowmatch.models.files.OutputFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The plots of a 2-D run: samples beside data, the learned log-density (beside the true one when it is known), the
 * loss curve, sample trajectories, and the flow animation; for a run whose rows are images, image grids instead
 * ({@link #writeImages}).
 */
public final class RunPlots {
  private RunPlots() {}

  /**
   * Writes every plot of a run into its {@code plots/} directory and, with {@code animate}, the flow animation
   * ({@link Runner#ANIMATION}), all in one window around the data.
   *
   * @param samples the evaluation's samples; trajectories the paths drawn (the evaluation's own, when it kept them)
   */
  static void write(RunDirectory run, Experiment e, VelocityModel model, INDArray samples, Trajectories trajectories,
      boolean animate, PrintStream out) throws IOException {
    double[][] data = NdArrays.rows(e.data().sample((int) samples.rows(),
        e.seeds().heldOut().copy()));
    double[] bounds = bounds(data);
    run.write(PLOTS + "samples.png", samplesBesideData(e, data, samples,
        "samples: " + e.sampler().name() + ", " + e.path().name()));

    List<Chart> densities = new ArrayList<>();
    int n = e.eval().resolution();
    // the learned density needs a source density to start the likelihood from
    if (e.source().hasDensity()) {
      densities.add(density("learned log-density (nats)", DensityGrid.learned(e.likelihood(), model, e.source(), n,
          bounds, e.seeds().likelihood().copy()), bounds));
    }
    if (e.data().hasDensity()) {
      densities.add(density("true log-density (nats)", DensityGrid.of(e.data(), n, bounds), bounds));
    }
    if (!densities.isEmpty()) {
      run.write(PLOTS + "log-density.png", Panels.png(densities, densities.size(), 480, 440));
    }
    writeLoss(run);
    run.write(PLOTS + "trajectories.png", TrajectoryPlot.of("trajectories from t = 0 to 1 (" + e.sampler().name()
        + ")", trajectories.paths()).xRange(bounds[0], bounds[1]).yRange(bounds[2], bounds[3]).equalAspect()
        .png(560, 540));
    if (animate) {
      run.write(Runner.ANIMATION, animation(e, trajectories, bounds));
    }
    out.println("plots: " + run.resolve("plots"));
  }

  /** The run's plots directory, as the start of a file name. */
  static final String PLOTS = "plots/";

  /** plots/loss.png of a run that has a loss.csv. */
  private static void writeLoss(RunDirectory run) throws IOException {
    Path losses = run.resolve(RunDirectory.LOSSES);
    if (Files.exists(losses)) {
      run.write(PLOTS + "loss.png", lossChart(losses).png(720, 420));
    }
  }

  /** Samples (the panel titled {@code title}) beside as many held-out data points, on the same axes. */
  public static void samplesBesideData(Path png, Experiment e, INDArray samples, String title) throws IOException {
    OutputFiles.DISK.write(png, samplesBesideData(e, NdArrays.rows(e.data().sample((int) samples.rows(),
        e.seeds().heldOut().copy())), samples, title));
  }

  private static OutputFiles.Content samplesBesideData(Experiment e, double[][] data, INDArray samples,
      String title) {
    double[] bounds = bounds(data);
    return Panels.png(List.of(scatter("data: " + e.data().name(), data, bounds, 0),
        scatter(title, NdArrays.rows(samples), bounds, 1)), 2, 480, 460);
  }

  /**
   * The plots of a run whose rows are images ({@code data.image_shape}): samples.png, generated images one row per
   * class beside held-out ones (of the class-conditional samples of the evaluation, in file units), loss.png and,
   * with {@code animate}, the flow as a grid of images forming out of noise.
   *
   * @param samples the evaluation's samples in model units; labels their classes (null when unconditional)
   */
  static void writeImages(RunDirectory run, Experiment e, Dataset data, VelocityModel model, INDArray samples,
      int[] labels, boolean animate, PrintStream out) throws IOException {
    ImageShape shape = ImageShape.of(Arrays.stream(data.imageShape().orElseThrow()).boxed().toList());
    double[][] train = NdArrays.rows(data.normalization().undo(data.train()));
    double[] range = ImagePlots.range(train);
    boolean labelled = labels != null && data.conditioning().kind() == Conditioning.Kind.LABELS;
    int classes = labelled ? data.conditioning().size() : 8;
    double[][] generated = NdArrays.rows(data.normalization().undo(samples.castTo(DataType.DOUBLE)));
    INDArray heldOutRows = data.heldOut().rows() > 0 ? data.heldOut() : data.train();
    Conditions heldOutConditions = data.heldOut().rows() > 0 ? data.heldOutConditions() : data.trainConditions();
    double[][] real = NdArrays.rows(data.normalization().undo(heldOutRows));
    String title = "samples: " + e.sampler().name() + (labelled && e.guidance() != 0 ? ", guidance w = "
        + e.guidance() : "");
    run.write(PLOTS + "samples.png", ImagePlots.samples(shape, title, generated, labelled ? labels : null, real,
        labelled ? heldOutConditions.labels() : null, classes, 8, range).png(980, 90 + 56 * classes));
    writeLoss(run);
    if (animate) {
      run.write(Runner.ANIMATION, imageAnimation(e, data, model));
    }
    out.println("plots: " + run.resolve("plots"));
  }

  /**
   * The flow of a run on images as a GIF: 6 samples per class (per row when unlabelled) forming out of noise,
   * guided with {@code sample.guidance}, drawn in file units.
   */
  public static void imageAnimation(Path gif, Experiment e, Dataset data, VelocityModel model) throws IOException {
    OutputFiles.DISK.write(gif, imageAnimation(e, data, model));
  }

  private static OutputFiles.Content imageAnimation(Experiment e, Dataset data, VelocityModel model) {
    ImageShape shape = ImageShape.of(Arrays.stream(data.imageShape().orElseThrow()).boxed().toList());
    double[] range = ImagePlots.range(NdArrays.rows(data.normalization().undo(data.train())));
    int classes = DataUnits.classes(model);
    int rowsOfImages = classes > 0 ? classes : 8;
    int perRow = 6;
    int n = perRow * rowsOfImages;
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i % rowsOfImages;
    }
    VelocityModel field = classes > 0 ? DataUnits.given(model, Conditions.labels(rows, classes), e.guidance())
        : model;
    Trajectories t = Trajectories.sample(e, field, n, e.eval().frames());
    double[][][] paths = t.paths();
    double[] shift = data.normalization().shift();
    double[] scale = data.normalization().scale();
    for (double[][] path : paths) {
      for (double[] point : path) {
        for (int j = 0; j < point.length; j++) {
          point[j] = point[j] * scale[j] + shift[j];
        }
      }
    }
    return ImagePlots.animation(shape, paths, t.times(), classes > 0 ? rows : null, rowsOfImages, perRow, range)
        .size(440, 110 + 48 * rowsOfImages).gif();
  }

  /**
   * The plots of a run on a manifold: data beside samples in the manifold's charts ({@link ManifoldCharts}) and the
   * loss curve.
   */
  static void writeOnManifold(RunDirectory run, Experiment e, Manifold manifold, INDArray samples, PrintStream out)
      throws IOException {
    double[][] data = NdArrays.rows(e.data().sample((int) samples.rows(), e.seeds().heldOut().copy()));
    run.write(PLOTS + "samples.png", ManifoldCharts.png(manifold, "data: " + e.data().name(), data,
        "samples: " + e.sampler().name(), NdArrays.rows(samples)));
    writeLoss(run);
    out.println("plots: " + run.resolve("plots"));
  }

  /** The flow animation of a run's trajectories, in the window around 2000 held-out points. */
  public static void animation(Path gif, Experiment e, Trajectories trajectories) throws IOException {
    OutputFiles.DISK.write(gif, animation(e, trajectories, bounds(NdArrays.rows(e.data().sample(2000,
        e.seeds().heldOut().copy())))));
  }

  private static OutputFiles.Content animation(Experiment e, Trajectories trajectories, double[] bounds) {
    return FlowAnimation.of(trajectories.paths(), trajectories.times()).frames(e.eval().frames())
        .bounds(bounds[0], bounds[1], bounds[2], bounds[3]).gif();
  }

  private static Chart scatter(String title, double[][] points, double[] b, int color) {
    return Chart.of(title).xLabel("x₁").yLabel("x₂").xRange(b[0], b[1]).yRange(b[2], b[3]).equalAspect()
        .add(Series.scatter(title.startsWith("data") ? "data" : "samples", points)
            .color(org.flowmatch.experiments.plot.Palette.series(color)).alpha(0.35).size(3));
  }

  private static Chart density(String title, double[][] grid, double[] b) {
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : grid) {
      for (double v : row) {
        max = Double.isFinite(v) ? Math.max(max, v) : max;
      }
    }
    return Chart.of(title).xLabel("x₁").yLabel("x₂").xRange(b[0], b[1]).yRange(b[2], b[3]).equalAspect()
        .heatMap(HeatMap.of(grid, b[0], b[1], b[2], b[3]).clip(max - 12, max).label("log p₁(x)"));
  }

  /** The weight of each new loss in the plotted moving average: an exponential window of 1 / 0.02 = 50 steps. */
  static final double LOSS_SMOOTHING = 0.02;

  /** The loss curve of a {@code loss.csv} (step, loss): raw and its moving average, on a log10 y axis. */
  public static Chart lossChart(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    int n = lines.size() - 1;
    double[] step = new double[n];
    double[] loss = new double[n];
    double[] smooth = new double[n];
    double s = 0;
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",");
      step[i] = Double.parseDouble(f[0]);
      loss[i] = Double.parseDouble(f[1]);
      s = i == 0 ? loss[i] : (1 - LOSS_SMOOTHING) * s + LOSS_SMOOTHING * loss[i];
      smooth[i] = s;
    }
    return Chart.of("training loss (conditional flow matching)").xLabel("step").yLabel("MSE (log scale)").logY()
        .add(Series.line("loss per step", step, loss).alpha(0.25).width(1))
        .add(Series.line(String.format(java.util.Locale.ROOT, "exponential moving average, window %.0f steps",
            1 / LOSS_SMOOTHING), step, smooth).width(2));
  }

  /** A square window around the data: the middle 99% of each coordinate, padded by 25%. */
  static double[] bounds(double[][] points) {
    double[] b = new double[4];
    for (int j = 0; j < 2; j++) {
      double[] v = new double[points.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = points[i][j];
      }
      java.util.Arrays.sort(v);
      b[2 * j] = v[(int) (0.005 * (v.length - 1))];
      b[2 * j + 1] = v[(int) Math.ceil(0.995 * (v.length - 1))];
    }
    double cx = (b[0] + b[1]) / 2;
    double cy = (b[2] + b[3]) / 2;
    double half = 0.625 * Math.max(b[1] - b[0], b[3] - b[2]);
    return new double[] {cx - half, cx + half, cy - half, cy + half};
  }
}
