package org.flowmatch.experiments.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Values on a regular grid over a rectangle, coloured with viridis, for {@link Chart#heatMap}. Cell (i, j) is
 * {@code values[j][i]}: column i of nx spans x in [x0 + i dx, x0 + (i + 1) dx], row j of ny spans y from the bottom
 * (j = 0 at y0). The colour range is the finite data range unless clipped; values beyond it take the end colours, and
 * NaN or -infinity (the log of a zero density) cells are drawn in {@link Palette#MISSING}. Immutable.
 */
public final class HeatMap {

  private final double[][] values;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final double lo;
  private final double hi;
  private final String label;

  private HeatMap(double[][] values, double x0, double x1, double y0, double y1, double lo, double hi,
      String label) {
    this.values = values;
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
    this.lo = lo;
    this.hi = hi;
    this.label = label;
  }

  /** The grid values[ny][nx] over [x0, x1] x [y0, y1], coloured over its finite range. */
  public static HeatMap of(double[][] values, double x0, double x1, double y0, double y1) {
    if (values.length == 0 || values[0].length == 0) {
      throw new IllegalArgumentException("a heat map needs at least one cell");
    }
    if (!(x0 < x1) || !(y0 < y1) || Double.isInfinite(x0) || Double.isInfinite(x1) || Double.isInfinite(y0)
        || Double.isInfinite(y1)) {
      throw new IllegalArgumentException("heat map bounds must be finite with x0 < x1 and y0 < y1, got [" + x0
          + ", " + x1 + "] x [" + y0 + ", " + y1 + "]");
    }
    double[][] copy = new double[values.length][];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < values.length; j++) {
      if (values[j].length != values[0].length) {
        throw new IllegalArgumentException("heat map rows must have equal lengths, but row " + j + " has "
            + values[j].length + " values and row 0 has " + values[0].length);
      }
      copy[j] = values[j].clone();
      for (double v : values[j]) {
        if (Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (min > max) {
      min = 0;
      max = 1;
    } else if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    return new HeatMap(copy, x0, x1, y0, y1, min, max, null);
  }

  /**
   * This map coloured over [lo, hi]: values below lo take the bottom colour, above hi the top; NaN for either end
   * keeps the data's own. Clipping the bottom keeps a log-density's far tails from washing out the modes.
   */
  public HeatMap clip(double lo, double hi) {
    double l = Double.isNaN(lo) ? this.lo : lo;
    double h = Double.isNaN(hi) ? this.hi : hi;
    if (!(l < h) || Double.isInfinite(l) || Double.isInfinite(h)) {
      throw new IllegalArgumentException("clip range must be finite with lo < hi, got [" + l + ", " + h + "]");
    }
    return new HeatMap(values, x0, x1, y0, y1, l, h, label);
  }

  /** This map with a label on its colour bar. */
  public HeatMap label(String text) {
    return new HeatMap(values, x0, x1, y0, y1, lo, hi, text);
  }

  /** The value at the bottom of the colour range. */
  public double lo() {
    return lo;
  }

  /** The value at the top of the colour range. */
  public double hi() {
    return hi;
  }

  /** The colour of value v: viridis over [lo, hi], clamped; {@link Palette#MISSING} for NaN and -infinity. */
  public Color colorOf(double v) {
    if (Double.isNaN(v) || v == Double.NEGATIVE_INFINITY) {
      return Palette.MISSING;
    }
    return Palette.viridis((v - lo) / (hi - lo));
  }

  String label() {
    return label;
  }

  double x0() {
    return x0;
  }

  double x1() {
    return x1;
  }

  double y0() {
    return y0;
  }

  double y1() {
    return y1;
  }

  /** One pixel per cell, the top row holding the largest y. */
  BufferedImage image() {
    int ny = values.length;
    int nx = values[0].length;
    BufferedImage img = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
    for (int j = 0; j < ny; j++) {
      for (int i = 0; i < nx; i++) {
        img.setRGB(i, ny - 1 - j, colorOf(values[j][i]).getRGB());
      }
    }
    return img;
  }
}
