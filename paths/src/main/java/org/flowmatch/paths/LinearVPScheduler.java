package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Scheduler;

/**
 * The linear variance-preserving scheduler: alpha_t = t, sigma_t = sqrt(1 - t^2). Like VP, sigma' is infinite at
 * t = 1 while sigma sigma' = -t is not.
 */
public final class LinearVPScheduler implements Scheduler {

  @Override
  public String name() {
    return "linear-vp";
  }

  @Override
  public Coefficients at(double t) {
    Checks.time(t, "t");
    double sigma = Math.sqrt((1 - t) * (1 + t));
    double dSigma = sigma > 0 ? -t / sigma : Double.NEGATIVE_INFINITY;
    return new Coefficients(t, sigma, 1, dSigma, -t);
  }

  @Override
  public double snrInverse(double snr) {
    SnrChecks.inRange(name(), snr, 0, Double.POSITIVE_INFINITY);
    return Double.isInfinite(snr) ? 1 : snr / Math.sqrt(1 + snr * snr);
  }

  @Override
  public String toString() {
    return "linear-vp";
  }
}
