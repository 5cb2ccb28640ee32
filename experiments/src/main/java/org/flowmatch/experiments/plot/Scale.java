package org.flowmatch.experiments.plot;

import java.util.List;

/**
 * One axis's map from data to the unit interval: linear, or linear in log10.
 *
 * @param log whether the axis is logarithmic
 * @param lo the data value at the start of the axis (left or bottom)
 * @param hi the data value at the end
 */
public record Scale(boolean log, double lo, double hi) {

  public Scale {
    if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("axis bounds must be finite with lo < hi, got [" + lo + ", " + hi + "]");
    }
    if (log && !(lo > 0)) {
      throw new IllegalArgumentException("a log axis needs positive bounds, got [" + lo + ", " + hi + "]");
    }
  }

  /** Where v falls: 0 at lo, 1 at hi (outside [0, 1] beyond them; NaN for v &lt;= 0 on a log axis). */
  public double fraction(double v) {
    return (forward(v) - forward(lo)) / (forward(hi) - forward(lo));
  }

  /** The data value at fraction f of the axis. */
  public double value(double f) {
    return inverse(forward(lo) + f * (forward(hi) - forward(lo)));
  }

  /** About target ticks over the axis. */
  public List<Ticks.Tick> ticks(int target) {
    return log ? Ticks.log(lo, hi, target) : Ticks.linear(lo, hi, target);
  }

  double forward(double v) {
    return log ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
  }

  double inverse(double u) {
    return log ? Math.pow(10, u) : u;
  }
}
