package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Scheduler;

/**
 * The linear (conditional optimal transport) scheduler: alpha_t = t, sigma_t = 1 - (1 - sigma_min) t. With
 * sigma_min = 0 the target velocity is x1 - x0 (rectified flow, I-CFM); sigma_min &gt; 0 is Lipman et al.'s
 * flow matching, whose t = 1 marginal is the data blurred by N(0, sigma_min^2 I).
 */
public final class CondOTScheduler implements Scheduler {
  private final double sigmaMin;

  public CondOTScheduler() {
    this(0);
  }

  public CondOTScheduler(double sigmaMin) {
    if (!(sigmaMin >= 0 && sigmaMin < 1)) {
      throw new IllegalArgumentException("condot: sigma_min must lie in [0, 1), got " + sigmaMin);
    }
    this.sigmaMin = sigmaMin;
  }

  public double sigmaMin() {
    return sigmaMin;
  }

  @Override
  public String name() {
    return "condot";
  }

  @Override
  public Coefficients at(double t) {
    Checks.time(t, "t");
    double sigma = 1 - (1 - sigmaMin) * t;
    double dSigma = -(1 - sigmaMin);
    return new Coefficients(t, sigma, 1, dSigma, sigma * dSigma);
  }

  @Override
  public double snrInverse(double snr) {
    SnrChecks.inRange(name(), snr, 0, sigmaMin > 0 ? 1 / sigmaMin : Double.POSITIVE_INFINITY);
    return Double.isInfinite(snr) ? 1 : Math.min(1, snr / (1 + snr * (1 - sigmaMin)));
  }

  @Override
  public String toString() {
    return "condot(sigma_min=" + sigmaMin + ")";
  }
}
