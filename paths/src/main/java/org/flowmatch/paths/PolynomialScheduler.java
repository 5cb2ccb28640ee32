package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Scheduler;

/**
 * The polynomial convex scheduler: alpha_t = t^n, sigma_t = 1 - t^n. n must be at least 1 so that alpha' =
 * n t^(n-1) stays finite at t = 0; n = 1 is CondOT.
 */
public final class PolynomialScheduler implements Scheduler {
  private final double n;

  public PolynomialScheduler(double n) {
    if (!(n >= 1) || Double.isInfinite(n)) {
      throw new IllegalArgumentException("polynomial: n must be finite and at least 1, got " + n);
    }
    this.n = n;
  }

  public double exponent() {
    return n;
  }

  @Override
  public String name() {
    return "polynomial";
  }

  @Override
  public Coefficients at(double t) {
    Checks.time(t, "t");
    double alpha = Math.pow(t, n);
    double dAlpha = n * Math.pow(t, n - 1);
    double sigma = 1 - alpha;
    return new Coefficients(alpha, sigma, dAlpha, -dAlpha, -sigma * dAlpha);
  }

  @Override
  public double snrInverse(double snr) {
    SnrChecks.inRange(name(), snr, 0, Double.POSITIVE_INFINITY);
    return Double.isInfinite(snr) ? 1 : Math.pow(snr / (1 + snr), 1 / n);
  }

  @Override
  public String toString() {
    return "polynomial(n=" + n + ")";
  }
}
