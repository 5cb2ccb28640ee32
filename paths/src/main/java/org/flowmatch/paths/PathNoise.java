package org.flowmatch.paths;

/**
 * The standard deviation s_t of extra Gaussian noise added to a path, x_t = alpha_t x1 + sigma_t x0 + s_t eps, with
 * its derivative: the conditional target then gains s'_t eps. A schedule is two functions of t, so torchcfm's
 * constant noise and the Schrödinger bridge's sigma sqrt(t (1 - t)) are both instances.
 */
public interface PathNoise {

  /** s_t, finite and non-negative on [0, 1]. */
  double std(double t);

  /** d s_t / dt; it may be infinite only where s_t is zero (then the target uses the nearest interior time). */
  double dStd(double t);

  /** True when s_t is zero everywhere: the path is then the plain one, and no noise is drawn. */
  boolean isZero();

  /** torchcfm's {@code sigma}: s_t = sigma for every t, so s'_t = 0 and the target is the plain one. */
  static PathNoise constant(double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and non-negative, got " + sigma);
    }
    return new PathNoise() {
      @Override
      public double std(double t) {
        return sigma;
      }

      @Override
      public double dStd(double t) {
        return 0;
      }

      @Override
      public boolean isZero() {
        return sigma == 0;
      }

      @Override
      public String toString() {
        return "constant(" + sigma + ")";
      }
    };
  }

  /**
   * The Brownian bridge of torchcfm's Schrödinger-bridge CFM ({@code SchrodingerBridgeConditionalFlowMatcher}):
   * s_t = sigma sqrt(t (1 - t)), s'_t = sigma (1 - 2t) / (2 sqrt(t (1 - t))), infinite at t = 0 and 1. On CondOT the
   * target is then torchcfm's u_t = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + x1 - x0, and paired by the entropic plan
   * at reg = 2 sigma^2 the marginals of x_t are those of the Schrödinger bridge with diffusion sigma.
   */
  static PathNoise bridge(double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and non-negative, got " + sigma);
    }
    return new PathNoise() {
      @Override
      public double std(double t) {
        return sigma * Math.sqrt(t * (1 - t));
      }

      @Override
      public double dStd(double t) {
        return sigma * (1 - 2 * t) / (2 * Math.sqrt(t * (1 - t)));
      }

      @Override
      public boolean isZero() {
        return sigma == 0;
      }

      @Override
      public String toString() {
        return "bridge(" + sigma + ")";
      }
    };
  }
}
