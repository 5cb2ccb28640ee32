package org.flowmatch.experiments.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.flowmatch.models.files.OutputFiles;
/**
 * An animated GIF of a flow: the points of n trajectories moving from time t_0 to t_{T-1}. In the plane each frame
 * is a {@link Chart} of the points at one time with short fading trails behind them, the axes fixed over the whole
 * animation; for images ({@link #images}) each frame is an {@link ImageGrid} of the n points, each drawn as the
 * image it is at that time, so the grid forms out of noise. The time is in the title ("t = 0.35"), the last frame is
 * held longer, and the GIF loops. Immutable; each setter returns a changed copy.
 */
public final class FlowAnimation {

  private final double[][][] paths;
  private final double[] times;
  private int frames;
  private int width = 480;
  private int height = 480;
  private int delayMs = 80;
  private int holdMs = 1500;
  private int trail = 6;
  private int[] groups;
  private double[] bounds;
  private ImageGrid imageLayout;
  private int imageColumns;

  private FlowAnimation(double[][][] paths, double[] times) {
    this.paths = paths;
    this.times = times;
    this.frames = times.length;
  }

  private FlowAnimation(FlowAnimation o) {
    this(o.paths, o.times);
    frames = o.frames;
    width = o.width;
    height = o.height;
    delayMs = o.delayMs;
    holdMs = o.holdMs;
    trail = o.trail;
    groups = o.groups;
    bounds = o.bounds;
    imageLayout = o.imageLayout;
    imageColumns = o.imageColumns;
  }

  /**
   * The flow of paths[n][T][d] (n trajectories of T points of d coordinates; d = 2 unless drawn as {@link #images})
   * sampled at the increasing times[T]; by default one frame per time.
   */
  public static FlowAnimation of(double[][][] paths, double[] times) {
    int steps = checkedSteps(paths);
    if (times.length != steps) {
      throw new IllegalArgumentException("trajectories have " + steps + " points but there are " + times.length
          + " times");
    }
    for (int t = 1; t < times.length; t++) {
      if (!(times[t] > times[t - 1])) {
        throw new IllegalArgumentException("times must increase, but times[" + t + "] = " + times[t]
            + " follows " + times[t - 1]);
      }
    }
    double[][][] copy = new double[paths.length][][];
    for (int i = 0; i < paths.length; i++) {
      copy[i] = new double[steps][];
      for (int t = 0; t < steps; t++) {
        copy[i][t] = paths[i][t].clone();
      }
    }
    return new FlowAnimation(copy, times.clone());
  }

  /** This animation with count frames evenly spaced in time, positions interpolated linearly between samples. */
  public FlowAnimation frames(int count) {
    if (count < 2) {
      throw new IllegalArgumentException("an animation needs at least 2 frames, got " + count);
    }
    FlowAnimation a = new FlowAnimation(this);
    a.frames = count;
    return a;
  }

  /** This animation at width x height pixels (480 x 480 unless set). */
  public FlowAnimation size(int width, int height) {
    FlowAnimation a = new FlowAnimation(this);
    a.width = width;
    a.height = height;
    return a;
  }

  /** This animation showing each frame for frameMs and the last for holdMs (80 and 1500 unless set). */
  public FlowAnimation delays(int frameMs, int holdMs) {
    if (frameMs < 10 || holdMs < 10) {
      throw new IllegalArgumentException("delays must be at least 10 ms, got " + frameMs + " and " + holdMs);
    }
    FlowAnimation a = new FlowAnimation(this);
    a.delayMs = frameMs;
    a.holdMs = holdMs;
    return a;
  }

  /** This animation with trails over the last frames frames (6 unless set; 0 for none). */
  public FlowAnimation trail(int frames) {
    FlowAnimation a = new FlowAnimation(this);
    a.trail = Math.max(0, frames);
    return a;
  }

  /** This animation with trajectory i in palette colour group[i] (at most {@link Palette#size} groups). */
  public FlowAnimation groups(int[] group) {
    if (group.length != paths.length) {
      throw new IllegalArgumentException("groups must name one group per trajectory, got " + group.length + " for "
          + paths.length + " trajectories");
    }
    for (int g : group) {
      if (g < 0 || g >= Palette.size()) {
        throw new IllegalArgumentException("groups must be in [0, " + Palette.size() + "), got " + g);
      }
    }
    FlowAnimation a = new FlowAnimation(this);
    a.groups = group.clone();
    return a;
  }

  /** This animation with fixed axes [xlo, xhi] x [ylo, yhi] instead of a square around all points. */
  public FlowAnimation bounds(double xlo, double xhi, double ylo, double yhi) {
    FlowAnimation a = new FlowAnimation(this);
    a.bounds = new double[] {xlo, xhi, ylo, yhi};
    return a;
  }

  /**
   * This animation drawn as images of this shape (each trajectory's point a flat image), {@code columns} per row of
   * the grid in trajectory order, rows labelled by {@code rowLabels}, values drawn over [lo, hi] (white to black
   * for grey images).
   */
  public FlowAnimation images(ImageShape shape, int columns, List<String> rowLabels, double lo, double hi) {
    if (paths[0][0].length != shape.size()) {
      throw new IllegalArgumentException("images of shape " + shape + " need " + shape.size()
          + " coordinates, but the trajectories have " + paths[0][0].length);
    }
    if (columns < 1) {
      throw new IllegalArgumentException("an image grid needs at least one column, got " + columns);
    }
    FlowAnimation a = new FlowAnimation(this);
    a.imageLayout = ImageGrid.of(shape).range(lo, hi).rowLabels(rowLabels);
    a.imageColumns = columns;
    return a;
  }

  public int frameCount() {
    return frames;
  }

  /** The time that frame k shows. */
  public double time(int k) {
    if (frames == times.length) {
      return times[k];
    }
    return times[0] + (times[times.length - 1] - times[0]) * k / (frames - 1);
  }

  /** The points at frame k, n rows of d coordinates, interpolated linearly in time between samples. */
  public double[][] positions(int k) {
    double t = time(k);
    int hi = Arrays.binarySearch(times, t);
    double[][] p = new double[paths.length][];
    if (hi >= 0) {
      for (int i = 0; i < paths.length; i++) {
        p[i] = paths[i][hi].clone();
      }
      return p;
    }
    hi = Math.min(-hi - 1, times.length - 1);
    int lo = hi - 1;
    double f = (t - times[lo]) / (times[hi] - times[lo]);
    for (int i = 0; i < paths.length; i++) {
      double[] a = paths[i][lo];
      double[] b = paths[i][hi];
      p[i] = new double[a.length];
      for (int c = 0; c < a.length; c++) {
        p[i][c] = a[c] + f * (b[c] - a[c]);
      }
    }
    return p;
  }

  /** Frame k as drawn: the image grid of {@link #imageFrame} for images, else the chart of {@link #frame}. */
  public Figure figure(int k) {
    return imageLayout != null ? imageFrame(k) : frame(k);
  }

  /** The image grid of frame k: trajectory i's point as the image in row i / columns, column i % columns. */
  public ImageGrid imageFrame(int k) {
    if (imageLayout == null) {
      throw new IllegalStateException("image frames need images(...) first");
    }
    double[][] now = positions(k);
    int rows = (now.length + imageColumns - 1) / imageColumns;
    double[][][] cells = new double[rows][imageColumns][];
    for (int i = 0; i < now.length; i++) {
      cells[i / imageColumns][i % imageColumns] = now[i];
    }
    return imageLayout.title(title(k)).block(null, cells);
  }

  private String title(int k) {
    return String.format(Locale.ROOT, "t = %.2f", time(k));
  }

  /** The chart of frame k: the fixed axes, the trails, the points and the time in the title. */
  public Chart frame(int k) {
    if (paths[0][0].length != 2) {
      throw new IllegalStateException("a scatter frame shows points in the plane, but these have "
          + paths[0][0].length + " coordinates: draw them as images(...)");
    }
    double[] b = bounds != null ? bounds : squareAroundAllPoints();
    Chart chart = Chart.of(title(k)).xLabel("x₁").yLabel("x₂").equalAspect()
        .xRange(b[0], b[1]).yRange(b[2], b[3]).legend(Chart.Legend.NONE);
    int groupCount = groups == null ? 1 : Arrays.stream(groups).max().getAsInt() + 1;
    double[][] now = positions(k);
    for (int j = Math.min(trail, k); j >= 1; j--) {
      double[][] from = positions(k - j);
      double[][] to = positions(k - j + 1);
      double alpha = 0.6 * (1 - (j - 1.0) / trail);
      for (int g = 0; g < groupCount; g++) {
        List<double[]> segments = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
          if (groupOf(i) == g) {
            segments.add(from[i]);
            segments.add(to[i]);
            segments.add(new double[] {Double.NaN, Double.NaN});
          }
        }
        chart = chart.add(Series.line(null, column(segments, 0), column(segments, 1))
            .color(Palette.series(g)).alpha(alpha).width(1.5));
      }
    }
    for (int g = 0; g < groupCount; g++) {
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < paths.length; i++) {
        if (groupOf(i) == g) {
          points.add(now[i]);
        }
      }
      chart = chart.add(Series.scatter(null, column(points, 0), column(points, 1)).color(Palette.series(g))
          .size(4.5).alpha(0.9));
    }
    return chart;
  }

  /** Writes the animation as a looping GIF, creating the parent directories. */
  public void write(Path gif) throws IOException {
    OutputFiles.DISK.write(gif, gif());
  }

  /** The animation as a looping GIF. */
  public OutputFiles.Content gif() {
    return stream -> writeGif(stream);
  }

  private void writeGif(OutputStream stream) throws IOException {
    int groupCount = groups == null ? 1 : Arrays.stream(groups).max().getAsInt() + 1;
    List<Color> colors = new ArrayList<>();
    // Grey images need only the palette's greys.
    for (int g = 0; imageLayout == null && g < groupCount; g++) {
      colors.add(Palette.series(g));
    }
    try (GifWriter writer = new GifWriter(stream, colors)) {
      for (int k = 0; k < frames; k++) {
        writer.add(figure(k).toImage(width, height), k == frames - 1 ? holdMs : delayMs);
      }
    }
  }

  /** The number of points per path, the same for all, each of one positive dimension. */
  private static int checkedSteps(double[][][] paths) {
    if (paths.length == 0 || paths[0].length == 0) {
      throw new IllegalArgumentException("trajectories need at least one path of at least one point");
    }
    int steps = paths[0].length;
    int d = paths[0][0].length;
    for (int i = 0; i < paths.length; i++) {
      if (paths[i].length != steps) {
        throw new IllegalArgumentException("trajectory " + i + " has " + paths[i].length + " points, but trajectory 0"
            + " has " + steps);
      }
      for (int t = 0; t < steps; t++) {
        if (paths[i][t].length != d || d == 0) {
          throw new IllegalArgumentException("trajectory " + i + " point " + t + " has " + paths[i][t].length
              + " coordinates, but trajectory 0 point 0 has " + d);
        }
      }
    }
    return steps;
  }

  private int groupOf(int i) {
    return groups == null ? 0 : groups[i];
  }

  private double[] squareAroundAllPoints() {
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (double[][] path : paths) {
      for (double[] p : path) {
        if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
          xlo = Math.min(xlo, p[0]);
          xhi = Math.max(xhi, p[0]);
          ylo = Math.min(ylo, p[1]);
          yhi = Math.max(yhi, p[1]);
        }
      }
    }
    if (xlo > xhi) {
      return new double[] {-1, 1, -1, 1};
    }
    double half = Math.max(Math.max(xhi - xlo, yhi - ylo) / 2 * 1.08, 1e-9);
    double cx = (xlo + xhi) / 2;
    double cy = (ylo + yhi) / 2;
    return new double[] {cx - half, cx + half, cy - half, cy + half};
  }

  private static double[] column(List<double[]> rows, int j) {
    double[] c = new double[rows.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = rows.get(i)[j];
    }
    return c;
  }
}
