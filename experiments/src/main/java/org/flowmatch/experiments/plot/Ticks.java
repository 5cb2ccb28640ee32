package org.flowmatch.experiments.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and labels: steps of 1, 2 or 5 times a power of ten on linear axes, decades (or 1-2-5 within a
 * decade or two) on log axes. Labels are rounded to the step, so a tick at 0.1 + 0.2 reads "0.3"; negative numbers
 * use the typographic minus sign.
 */
public final class Ticks {

  /** The minus sign of tick labels (U+2212), wider than a hyphen, as in typeset figures. */
  public static final char MINUS = '\u2212';

  /**
   * One tick.
   *
   * @param value where it stands in data units
   * @param label its text; empty for a minor tick
   * @param major false for the unlabelled minor ticks of log axes
   */
  public record Tick(double value, String label, boolean major) {}

  private static final double EPS = 1e-9;
  private static final String SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";

  private Ticks() {}

  /** The nice step (1, 2 or 5 times 10^k) that cuts span into about target intervals. */
  public static double niceStep(double span, int target) {
    if (!(span > 0) || Double.isInfinite(span)) {
      throw new IllegalArgumentException("span must be positive and finite, got " + span);
    }
    double raw = span / Math.max(1, target);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double r = raw / magnitude;
    double m = r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10;
    return m * magnitude;
  }

  /**
   * Ticks of a linear axis on [lo, hi], at multiples of {@link #niceStep}, about target of them and at least two (the
   * step made finer if need be).
   */
  public static List<Tick> linear(double lo, double hi, int target) {
    checkRange(lo, hi);
    double step = niceStep(hi - lo, target);
    List<Tick> ticks = withStep(lo, hi, step);
    while (ticks.size() < 2) {
      double mantissa = Math.round(step / Math.pow(10, Math.floor(Math.log10(step) + EPS)));
      step *= mantissa == 5 ? 0.4 : 0.5;
      ticks = withStep(lo, hi, step);
    }
    return ticks;
  }

  /** Ticks of a linear axis on [lo, hi] at the multiples of step. */
  static List<Tick> withStep(double lo, double hi, double step) {
    long first = (long) Math.ceil(lo / step - EPS);
    long last = (long) Math.floor(hi / step + EPS);
    double largest = Math.max(Math.abs(first * step), Math.abs(last * step));
    List<Tick> ticks = new ArrayList<>();
    for (long i = first; i <= last; i++) {
      double v = i * step;
      ticks.add(new Tick(v, format(v, step, largest), true));
    }
    return ticks;
  }

  /**
   * Ticks of a log axis on [lo, hi] (both positive): labelled decades (every k-th if there are more than target),
   * with unlabelled minor ticks at 2..9 times each decade; over less than two decades, 1-2-5 ticks; over less than a
   * factor of about 2.5, linear ticks.
   */
  public static List<Tick> log(double lo, double hi, int target) {
    checkRange(lo, hi);
    if (!(lo > 0)) {
      throw new IllegalArgumentException("a log axis needs positive bounds, got [" + lo + ", " + hi + "]");
    }
    int kmin = (int) Math.ceil(Math.log10(lo) - EPS);
    int kmax = (int) Math.floor(Math.log10(hi) + EPS);
    List<Tick> ticks = new ArrayList<>();
    if (kmax - kmin + 1 >= 3) {
      int stride = 1;
      for (int s : new int[] {1, 2, 3, 5, 10, 20, 50, 100}) {
        stride = s;
        if ((kmax - kmin) / s + 1 <= Math.max(2, target)) {
          break;
        }
      }
      boolean plain = kmin >= -3 && kmax <= 4;
      for (int k = kmin - 1; k <= kmax; k++) {
        double decade = Math.pow(10, k);
        if (k >= kmin && Math.floorMod(k, stride) == 0) {
          ticks.add(new Tick(decade, plain ? format(decade, decade, decade) : power(k), true));
        } else if (k >= kmin && stride > 1) {
          ticks.add(new Tick(decade, "", false));
        }
        if (stride == 1) {
          for (int m = 2; m <= 9; m++) {
            double v = m * decade;
            if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS)) {
              ticks.add(new Tick(v, "", false));
            }
          }
        }
      }
      return ticks;
    }
    for (int k = kmin - 1; k <= kmax; k++) {
      double decade = Math.pow(10, k);
      for (int m : new int[] {1, 2, 5}) {
        double v = m * decade;
        if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS)) {
          ticks.add(new Tick(v, format(v, decade, v), true));
        }
      }
    }
    if (ticks.size() >= 3) {
      for (int k = kmin - 1; k <= kmax; k++) {
        for (int m : new int[] {3, 4, 6, 7, 8, 9}) {
          double v = m * Math.pow(10, k);
          if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS)) {
            ticks.add(new Tick(v, "", false));
          }
        }
      }
      return ticks;
    }
    return linear(lo, hi, target);
  }

  /**
   * The label of v on an axis with this step whose largest absolute tick is largest: as many decimals as the step
   * needs, or times a power of ten when the numbers are very large (from 10⁶) or small (below 10⁻³).
   */
  public static String format(double v, double step, double largest) {
    int stepExponent = (int) Math.floor(Math.log10(step) + EPS);
    if (Math.abs(largest) >= 1e6 || (largest != 0 && Math.abs(largest) < 1e-3) || stepExponent < -5) {
      return scientific(v, stepExponent);
    }
    return decimal(v, Math.max(0, -stepExponent));
  }

  /** 10 with a superscript exponent: "10³", "10⁻⁴". */
  public static String power(int k) {
    StringBuilder s = new StringBuilder("10");
    String digits = Integer.toString(Math.abs(k));
    if (k < 0) {
      s.append('\u207b');
    }
    for (char c : digits.toCharArray()) {
      s.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return s.toString();
  }

  /** v as m×10^e with e its own exponent and m as precise as the step needs: "5×10⁶", "1.5×10⁻⁵", "10⁷". */
  private static String scientific(double v, int stepExponent) {
    if (v == 0) {
      return "0";
    }
    int e = (int) Math.floor(Math.log10(Math.abs(v)) + EPS);
    BigDecimal mantissa = BigDecimal.valueOf(v / Math.pow(10, e)).setScale(Math.max(0, e - stepExponent),
        RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (mantissa.signum() == 0) {
      return "0";
    }
    String m = minus(mantissa.toPlainString());
    return ("1".equals(m) ? "" : m + "\u00d7") + power(e);
  }

  private static String decimal(double v, int decimals) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    if (d.signum() == 0) {
      d = d.abs();
    }
    return minus(d.toPlainString());
  }

  private static String minus(String s) {
    return s.startsWith("-") ? MINUS + s.substring(1) : s;
  }

  private static void checkRange(double lo, double hi) {
    if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("tick range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
    }
  }
}
