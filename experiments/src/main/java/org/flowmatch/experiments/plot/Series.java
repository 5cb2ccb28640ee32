package org.flowmatch.experiments.plot;

import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * One set of (x, y) points and how to draw it: as a scatter, a line (a NaN in x or y breaks it), or a Pareto front.
 * Immutable; each setter returns a changed copy. A series without a colour takes the next palette colour when its
 * chart is drawn; a series without a name stays out of the legend.
 */
public final class Series {

  /** How the points are drawn. */
  public enum Kind {
    /** Markers only. */
    SCATTER,
    /** A polyline through the points in order, broken where x or y is NaN. */
    LINE,
    /** The points that no other point beats in both x and y (smaller is better), as a staircase with markers. */
    FRONT
  }

  /** Marker shapes; lines with markers take them in turn when none is set. */
  public enum Marker { CIRCLE, SQUARE, TRIANGLE, DIAMOND }

  private final Kind kind;
  private final String name;
  private final double[] x;
  private final double[] y;
  private Color color;
  private double alpha = 1;
  private double size;
  private double width;
  private boolean markers;
  private Marker marker;

  private Series(Kind kind, String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + quoted(name) + " has " + x.length + " x values but " + y.length
          + " y values");
    }
    this.kind = kind;
    this.name = name;
    this.x = x;
    this.y = y;
    this.size = kind == Kind.SCATTER ? 5 : 7;
    this.width = kind == Kind.FRONT ? 1.5 : 2;
    this.markers = kind == Kind.FRONT;
  }

  private Series(Series o) {
    this(o.kind, o.name, o.x, o.y);
    color = o.color;
    alpha = o.alpha;
    size = o.size;
    width = o.width;
    markers = o.markers;
    marker = o.marker;
  }

  /** A scatter of the points (x[i], y[i]). */
  public static Series scatter(String name, double[] x, double[] y) {
    return new Series(Kind.SCATTER, name, x.clone(), y.clone());
  }

  /** A scatter of the rows of points, each (x, y). */
  public static Series scatter(String name, double[][] points) {
    return scatter(name, column(points, 0), column(points, 1));
  }

  /** A line through (x[i], y[i]) in order. */
  public static Series line(String name, double[] x, double[] y) {
    return new Series(Kind.LINE, name, x.clone(), y.clone());
  }

  /**
   * The Pareto front of the points (x[i], y[i]) when both are to be minimised, such as error against cost: the points
   * that no other point matches or beats in both, drawn as a staircase (each holds its y until the next x).
   */
  public static Series front(String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + quoted(name) + " has " + x.length + " x values but " + y.length
          + " y values");
    }
    int[] order = IntStream.range(0, x.length).filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> x[i]).thenComparingDouble(i -> y[i]))
        .mapToInt(Integer::intValue).toArray();
    double[] fx = new double[order.length];
    double[] fy = new double[order.length];
    int n = 0;
    double best = Double.POSITIVE_INFINITY;
    for (int i : order) {
      if (y[i] < best) {
        best = y[i];
        fx[n] = x[i];
        fy[n] = y[i];
        n++;
      }
    }
    return new Series(Kind.FRONT, name, Arrays.copyOf(fx, n), Arrays.copyOf(fy, n));
  }

  /** This series in colour c. */
  public Series color(Color c) {
    Series s = new Series(this);
    s.color = c;
    return s;
  }

  /** This series with opacity a in [0, 1]. */
  public Series alpha(double a) {
    if (!(a >= 0 && a <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + a);
    }
    Series s = new Series(this);
    s.alpha = a;
    return s;
  }

  /** This series with markers of diameter px pixels. */
  public Series size(double px) {
    Series s = new Series(this);
    s.size = positive(px, "size");
    return s;
  }

  /** This series with lines px pixels wide. */
  public Series width(double px) {
    Series s = new Series(this);
    s.width = positive(px, "width");
    return s;
  }

  /** This series with (or without) markers at the points of its line. */
  public Series markers(boolean on) {
    Series s = new Series(this);
    s.markers = on;
    return s;
  }

  /** This series with markers of this shape (and, for lines, markers turned on). */
  public Series marker(Marker m) {
    Series s = new Series(this);
    s.marker = m;
    s.markers = true;
    return s;
  }

  public Kind kind() {
    return kind;
  }

  /** The name in the legend, or null. */
  public String name() {
    return name;
  }

  /** The number of points (for a front, those on it). */
  public int points() {
    return x.length;
  }

  public double x(int i) {
    return x[i];
  }

  public double y(int i) {
    return y[i];
  }

  Color color() {
    return color;
  }

  double alpha() {
    return alpha;
  }

  double markerSize() {
    return size;
  }

  double lineWidth() {
    return width;
  }

  boolean hasMarkers() {
    return kind == Kind.SCATTER || markers;
  }

  Marker marker() {
    return marker;
  }

  static String quoted(String name) {
    return name == null ? "(unnamed)" : "'" + name + "'";
  }

  private static double positive(double v, String what) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be positive, got " + v);
    }
    return v;
  }

  private static double[] column(double[][] points, int j) {
    double[] c = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      if (points[i].length != 2) {
        throw new IllegalArgumentException("points must be rows (x, y), but row " + i + " has " + points[i].length
            + " values");
      }
      c[i] = points[i][j];
    }
    return c;
  }
}
