package org.example.fm;

import org.flowmatch.core.Scheduler;

/** A convex path with kappa(t) = sin(pi t / 2): alpha = kappa, sigma = 1 - kappa. */
public final class SineScheduler implements Scheduler {
  private static final double HALF_PI = Math.PI / 2;

  @Override
  public String name() {
    return "sine";
  }

  @Override
  public Coefficients at(double t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("t must lie in [0, 1], got " + t);
    }
    double alpha = Math.sin(HALF_PI * t);
    double dAlpha = HALF_PI * Math.cos(HALF_PI * t);
    double sigma = 1 - alpha;
    return new Coefficients(alpha, sigma, dAlpha, -dAlpha, -sigma * dAlpha); // last: sigma * dSigma
  }

  /** alpha / sigma = snr  <=>  kappa = snr / (1 + snr). */
  @Override
  public double snrInverse(double snr) {
    if (!(snr >= 0)) {
      throw new IllegalArgumentException("sine: snr must lie in [0, inf], got " + snr);
    }
    return Double.isInfinite(snr) ? 1 : Math.asin(snr / (1 + snr)) / HALF_PI;
  }
}
