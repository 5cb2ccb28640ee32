package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Scheduler;

/**
 * The variance-preserving scheduler of score-based diffusion (Song et al.), in flow matching's time direction:
 * alpha_t = exp(-T/2), sigma_t = sqrt(1 - exp(-T)) with T(t) = (1/2)(1 - t)^2 (beta_max - beta_min)
 * + (1 - t) beta_min.
 *
 * <p>sigma' is infinite at t = 1, where sigma vanishes like sqrt(1 - t); sigma sigma' = (1/2) exp(-T) T' stays
 * finite and is what formulas at t = 1 use. At t = 0, alpha is exp(-T(0)/2), about 0.0066 for the defaults, so
 * the t = 0 marginal is close to, but not exactly, N(0, I).
 */
public final class VPScheduler implements Scheduler {
  private final double betaMin;
  private final double betaMax;

  public VPScheduler() {
    this(0.1, 20);
  }

  public VPScheduler(double betaMin, double betaMax) {
    if (!(betaMin > 0 && betaMax > betaMin && Double.isFinite(betaMax))) {
      throw new IllegalArgumentException("vp: need 0 < beta_min < beta_max, got beta_min=" + betaMin
          + ", beta_max=" + betaMax);
    }
    this.betaMin = betaMin;
    this.betaMax = betaMax;
  }

  @Override
  public String name() {
    return "vp";
  }

  @Override
  public Coefficients at(double t) {
    Checks.time(t, "t");
    double u = 1 - t;
    double T = 0.5 * u * u * (betaMax - betaMin) + u * betaMin;
    double dT = -(u * (betaMax - betaMin) + betaMin);
    double alpha = Math.exp(-0.5 * T);
    double sigma = Math.sqrt(-Math.expm1(-T));
    double sigmaDSigma = 0.5 * Math.exp(-T) * dT;
    double dSigma = sigma > 0 ? sigmaDSigma / sigma : Double.NEGATIVE_INFINITY;
    return new Coefficients(alpha, sigma, -0.5 * dT * alpha, dSigma, sigmaDSigma);
  }

  @Override
  public double snrInverse(double snr) {
    Coefficients start = at(0);
    SnrChecks.inRange(name(), snr, start.alpha() / start.sigma(), Double.POSITIVE_INFINITY);
    if (Double.isInfinite(snr)) {
      return 1;
    }
    // alpha^2 / sigma^2 = snr^2  <=>  T = log(1 + 1 / snr^2); then the quadratic in u = 1 - t, in the form that
    // does not cancel for small T.
    double T = Math.log1p(1 / (snr * snr));
    double u = 2 * T / (betaMin + Math.sqrt(betaMin * betaMin + 2 * (betaMax - betaMin) * T));
    return Math.max(0, Math.min(1, 1 - u));
  }

  @Override
  public String toString() {
    return "vp(beta_min=" + betaMin + ", beta_max=" + betaMax + ")";
  }
}
