package org.flowmatch.discrete;

/**
 * The weight kappa_t of the data in the mixture path: x_t^i = x1^i with probability kappa_t, x0^i otherwise. A
 * valid scheduler is a convex-combination weight: kappa_0 = 0, kappa_1 = 1, and kappa never decreases on [0, 1]
 * (flow_matching calls these convex schedulers; the word is about the mixture, not the curvature of kappa).
 */
public interface ConvexScheduler {

  /** kappa_t. */
  double kappa(double t);

  /** d kappa_t / dt. */
  double dKappa(double t);

  /** kappa'_t / (1 - kappa_t): the factor of the CTMC velocity (infinite at t = 1). */
  default double rate(double t) {
    return dKappa(t) / (1 - kappa(t));
  }

  /** kappa = t^n (flow_matching's PolynomialConvexScheduler; n = 2 in its 2-D example). */
  static ConvexScheduler polynomial(double n) {
    return new ConvexScheduler() {
      @Override
      public double kappa(double t) {
        return Math.pow(t, n);
      }

      @Override
      public double dKappa(double t) {
        return n == 1 ? 1 : n * Math.pow(t, n - 1);
      }

      @Override
      public String toString() {
        return "kappa = t^" + n;
      }
    };
  }

  /** kappa = 1 - cos(pi t / 2): fast early, slow near the data. */
  static ConvexScheduler cosine() {
    return new ConvexScheduler() {
      @Override
      public double kappa(double t) {
        return 1 - Math.cos(Math.PI * t / 2);
      }

      @Override
      public double dKappa(double t) {
        return Math.PI / 2 * Math.sin(Math.PI * t / 2);
      }

      @Override
      public String toString() {
        return "kappa = 1 - cos(pi t / 2)";
      }
    };
  }

  /** Points on [0, 1] where {@link #check} evaluates a scheduler. */
  int CHECK_POINTS = 1024;

  /**
   * Returns {@code scheduler} if it is a convex-combination weight (checked at the ends and on a grid of
   * {@value #CHECK_POINTS} intervals: values in [0, 1], never decreasing, kappa' finite and not negative inside);
   * otherwise fails with one line naming {@code name}, the scheduler and the first violation.
   */
  static ConvexScheduler check(ConvexScheduler scheduler, String name) {
    String prefix = name + ": " + scheduler + " is not a convex scheduler (kappa must rise from 0 at t = 0 to 1"
        + " at t = 1 without decreasing): ";
    double k0 = scheduler.kappa(0);
    double k1 = scheduler.kappa(1);
    if (!(Math.abs(k0) <= 1e-12)) {
      throw new IllegalArgumentException(prefix + "kappa(0) = " + k0);
    }
    if (!(Math.abs(k1 - 1) <= 1e-12)) {
      throw new IllegalArgumentException(prefix + "kappa(1) = " + k1);
    }
    double previous = k0;
    for (int k = 1; k <= CHECK_POINTS; k++) {
      double t = (double) k / CHECK_POINTS;
      double kappa = scheduler.kappa(t);
      if (!(kappa >= previous - 1e-12 && kappa <= 1 + 1e-12)) {
        throw new IllegalArgumentException(prefix + "kappa(" + t + ") = " + kappa + " after kappa("
            + (k - 1.0) / CHECK_POINTS + ") = " + previous);
      }
      double d = scheduler.dKappa(t);
      if (k < CHECK_POINTS && !(d >= 0 && Double.isFinite(d))) {
        throw new IllegalArgumentException(prefix + "kappa'(" + t + ") = " + d);
      }
      previous = kappa;
    }
    return scheduler;
  }
}
