package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Scheduler;

/**
 * The cosine scheduler: alpha_t = sin(pi t / 2), sigma_t = cos(pi t / 2), variance preserving with finite
 * derivatives everywhere. sigma is computed as sin(pi (1 - t) / 2) so that it is exactly 0 at t = 1.
 */
public final class CosineScheduler implements Scheduler {
  private static final double HALF_PI = Math.PI / 2;

  @Override
  public String name() {
    return "cosine";
  }

  @Override
  public Coefficients at(double t) {
    Checks.time(t, "t");
    double alpha = Math.sin(HALF_PI * t);
    double sigma = Math.sin(HALF_PI * (1 - t));
    double dSigma = -HALF_PI * alpha;
    return new Coefficients(alpha, sigma, HALF_PI * sigma, dSigma, sigma * dSigma);
  }

  @Override
  public double snrInverse(double snr) {
    SnrChecks.inRange(name(), snr, 0, Double.POSITIVE_INFINITY);
    return Math.atan(snr) / HALF_PI;
  }

  @Override
  public String toString() {
    return "cosine";
  }
}
