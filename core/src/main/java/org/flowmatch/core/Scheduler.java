package org.flowmatch.core;

/**
 * The coefficients of an affine probability path x_t = alpha_t x1 + sigma_t x0 on t in [0, 1], with x0 from the
 * source at t = 0 and x1 from the data at t = 1.
 *
 * <p>Every coefficient must be available on the closed interval. A derivative may be infinite at an end (VP's
 * sigma' at t = 1), which is why {@link Coefficients#sigmaDSigma()} is given separately: it stays finite where
 * sigma' does not, and formulas that start at t = 1 use it.
 */
public interface Scheduler {

  /** The registered name, for example {@code condot}. */
  String name();

  /** alpha, sigma and their derivatives at {@code t} in [0, 1]. */
  Coefficients at(double t);

  /**
   * The inverse of the signal-to-noise ratio: the time t at which alpha_t / sigma_t = {@code snr}.
   *
   * @param snr a ratio in [0, infinity]
   */
  double snrInverse(double snr);

  /**
   * The coefficients at one time.
   *
   * @param alpha alpha_t
   * @param sigma sigma_t
   * @param dAlpha d alpha / dt, finite
   * @param dSigma d sigma / dt, which may be infinite at an end of [0, 1]
   * @param sigmaDSigma sigma_t * d sigma / dt = (1/2) d sigma^2 / dt, always finite
   */
  record Coefficients(double alpha, double sigma, double dAlpha, double dSigma, double sigmaDSigma) {}
}
