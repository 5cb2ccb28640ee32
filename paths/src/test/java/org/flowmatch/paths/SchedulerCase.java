package org.flowmatch.paths;

import java.util.stream.Stream;
import org.flowmatch.core.Scheduler;

/**
 * A scheduler under test with what is known about it independently of its code: its values at the ends and
 * which of its conversions are singular there.
 *
 * @param variancePreserving alpha^2 + sigma^2 = 1 on [0, 1]
 * @param dSigmaInfiniteAtOne sigma' = -infinity at t = 1 (sigma vanishes like sqrt(1 - t))
 * @param velocityDeterminesX1AtZero a' sigma - alpha sigma' != 0 at t = 0; false where u_0 = 0 whatever x1 is
 */
record SchedulerCase(String label, Scheduler scheduler, double alpha0, double sigma0, double alpha1,
    double sigma1, boolean variancePreserving, boolean dSigmaInfiniteAtOne, boolean velocityDeterminesX1AtZero) {

  /** VP's T(0) = (1/2)(beta_max - beta_min) + beta_min for the defaults beta_min = 0.1, beta_max = 20. */
  static final double VP_T0 = 0.5 * (20 - 0.1) + 0.1;

  static Stream<SchedulerCase> all() {
    return Stream.of(
        new SchedulerCase("condot", new CondOTScheduler(), 0, 1, 1, 0, false, false, true),
        new SchedulerCase("condot(0.01)", new CondOTScheduler(0.01), 0, 1, 1, 0.01, false, false, true),
        new SchedulerCase("vp", new VPScheduler(), Math.exp(-VP_T0 / 2), Math.sqrt(1 - Math.exp(-VP_T0)), 1, 0,
            true, true, true),
        new SchedulerCase("linear-vp", new LinearVPScheduler(), 0, 1, 1, 0, true, true, true),
        new SchedulerCase("cosine", new CosineScheduler(), 0, 1, 1, 0, true, false, true),
        new SchedulerCase("polynomial(1)", new PolynomialScheduler(1), 0, 1, 1, 0, false, false, true),
        new SchedulerCase("polynomial(2)", new PolynomialScheduler(2), 0, 1, 1, 0, false, false, false),
        new SchedulerCase("polynomial(3.5)", new PolynomialScheduler(3.5), 0, 1, 1, 0, false, false, false));
  }

  @Override
  public String toString() {
    return label;
  }
}
