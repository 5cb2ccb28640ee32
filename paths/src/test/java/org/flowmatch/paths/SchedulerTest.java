package org.flowmatch.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.flowmatch.core.Rng;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.Scheduler.Coefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The five schedulers against their closed forms, finite differences and inverses. */
class SchedulerTest {

  static Stream<SchedulerCase> cases() {
    return SchedulerCase.all();
  }

  /** Interior times: a grid plus random ones, away from the ends where some derivatives blow up. */
  static double[] interiorTimes() {
    List<Double> ts = new ArrayList<>();
    for (int i = 1; i < 50; i++) {
      ts.add(i / 50.0);
    }
    Rng rng = Rng.seeded(7);
    for (int i = 0; i < 50; i++) {
      ts.add(0.01 + 0.98 * rng.nextDouble());
    }
    return ts.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void boundaryValues(SchedulerCase sc) {
    Coefficients c0 = sc.scheduler().at(0);
    Coefficients c1 = sc.scheduler().at(1);
    assertEquals(sc.alpha0(), c0.alpha(), 1e-15, "alpha_0");
    assertEquals(sc.sigma0(), c0.sigma(), 1e-15, "sigma_0");
    assertEquals(sc.alpha1(), c1.alpha(), 1e-15, "alpha_1");
    assertEquals(sc.sigma1(), c1.sigma(), 1e-15, "sigma_1");
  }

  @Test
  void vpStartsCloseToButNotAtTheSource() {
    Coefficients c0 = new VPScheduler().at(0);
    assertEquals(0.00657, c0.alpha(), 1e-5);
    assertEquals(Math.sqrt(1 - Math.exp(-10.05)), c0.sigma(), 1e-15);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void derivativesAreCentralDifferences(SchedulerCase sc) {
    Scheduler s = sc.scheduler();
    double h = 1e-6;
    double worst = 0;
    for (double t : interiorTimes()) {
      Coefficients c = s.at(t);
      double fdAlpha = (s.at(t + h).alpha() - s.at(t - h).alpha()) / (2 * h);
      double fdSigma = (s.at(t + h).sigma() - s.at(t - h).sigma()) / (2 * h);
      worst = Math.max(worst, Math.abs(fdAlpha - c.dAlpha()) / Math.max(1, Math.abs(c.dAlpha())));
      worst = Math.max(worst, Math.abs(fdSigma - c.dSigma()) / Math.max(1, Math.abs(c.dSigma())));
    }
    report("d/dt central difference, relative", sc, worst);
    assertTrue(worst < 1e-8, "worst relative error " + worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void finiteDerivativesAtTheEndsAreOneSidedDifferences(SchedulerCase sc) {
    Scheduler s = sc.scheduler();
    double worst = 0;
    worst = Math.max(worst, endpointError(t -> s.at(t).alpha(), s.at(0).dAlpha(), 0));
    worst = Math.max(worst, endpointError(t -> s.at(t).alpha(), s.at(1).dAlpha(), 1));
    worst = Math.max(worst, endpointError(t -> s.at(t).sigma(), s.at(0).dSigma(), 0));
    // sigma sigma' = (1/2) d sigma^2 / dt stays finite at t = 1 even where sigma' does not.
    worst = Math.max(worst, endpointError(t -> 0.5 * s.at(t).sigma() * s.at(t).sigma(), s.at(1).sigmaDSigma(), 1));
    worst = Math.max(worst, endpointError(t -> 0.5 * s.at(t).sigma() * s.at(t).sigma(), s.at(0).sigmaDSigma(), 0));
    double dSigma1 = s.at(1).dSigma();
    if (sc.dSigmaInfiniteAtOne()) {
      assertEquals(Double.NEGATIVE_INFINITY, dSigma1, "sigma' at t = 1");
    } else {
      worst = Math.max(worst, endpointError(t -> s.at(t).sigma(), dSigma1, 1));
    }
    report("d/dt one-sided difference at the ends, relative", sc, worst);
    assertTrue(worst < 1e-8, "worst relative error " + worst);
  }

  /** Second-order one-sided difference at an end, relative to max(1, |derivative|). */
  private static double endpointError(DoubleUnaryOperator f, double derivative, double end) {
    double h = 1e-5;
    double fd = end == 0
        ? (-3 * f.applyAsDouble(0) + 4 * f.applyAsDouble(h) - f.applyAsDouble(2 * h)) / (2 * h)
        : (3 * f.applyAsDouble(1) - 4 * f.applyAsDouble(1 - h) + f.applyAsDouble(1 - 2 * h)) / (2 * h);
    return Math.abs(fd - derivative) / Math.max(1, Math.abs(derivative));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sigmaDSigmaIsSigmaTimesDSigmaWhereFinite(SchedulerCase sc) {
    double worst = 0;
    for (int i = 0; i <= 1000; i++) {
      Coefficients c = sc.scheduler().at(i / 1000.0);
      assertTrue(Double.isFinite(c.sigmaDSigma()), "sigma sigma' at " + i / 1000.0);
      if (Double.isFinite(c.dSigma())) {
        double product = c.sigma() * c.dSigma();
        worst = Math.max(worst, Math.abs(product - c.sigmaDSigma()) / Math.max(1, Math.abs(product)));
      }
    }
    assertTrue(worst < 1e-14, "worst relative error " + worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void variancePreservingSchedulersKeepUnitVariance(SchedulerCase sc) {
    double worst = 0;
    for (int i = 0; i <= 1000; i++) {
      Coefficients c = sc.scheduler().at(i / 1000.0);
      worst = Math.max(worst, Math.abs(c.alpha() * c.alpha() + c.sigma() * c.sigma() - 1));
    }
    if (sc.variancePreserving()) {
      report("|alpha^2 + sigma^2 - 1|", sc, worst);
      assertTrue(worst < 1e-15, "worst " + worst);
    } else {
      // The others are not variance preserving; the check above would catch a scheduler that silently became one.
      assertTrue(worst > 0.1, "unexpectedly variance preserving: " + worst);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void snrInverseInvertsTheSignalToNoiseRatio(SchedulerCase sc) {
    Scheduler s = sc.scheduler();
    double[] ends = {0, 1e-12, 1e-9, 1e-6, 1e-3, 1 - 1e-3, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12, 1};
    double worst = 0;
    for (double[] ts : new double[][] {ends, interiorTimes()}) {
      for (double t : ts) {
        Coefficients c = s.at(t);
        double snr = c.alpha() / c.sigma();
        double back = s.snrInverse(snr);
        worst = Math.max(worst, Math.abs(back - t));
        assertEquals(t, back, 1e-14, "snrInverse(snr(" + t + ") = " + snr + ")");
      }
    }
    report("|snrInverse(snr(t)) - t|", sc, worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void snrOutOfRangeIsRejectedWithItsValue(SchedulerCase sc) {
    for (double snr : new double[] {-1, Double.NaN, Double.NEGATIVE_INFINITY, -1e-300}) {
      assertRejects(() -> sc.scheduler().snrInverse(snr), "snr", Double.toString(snr));
    }
  }

  @Test
  void snrBelowVpStartOrAboveCondotEndIsRejected() {
    assertRejects(() -> new VPScheduler().snrInverse(0), "snr", "0.0");
    assertRejects(() -> new VPScheduler().snrInverse(0.006), "snr", "0.006");
    assertRejects(() -> new CondOTScheduler(0.01).snrInverse(101), "snr", "101.0");
    assertRejects(() -> new CondOTScheduler(0.01).snrInverse(Double.POSITIVE_INFINITY), "snr", "Infinity");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void timeOutsideTheIntervalIsRejected(SchedulerCase sc) {
    for (double t : new double[] {-1e-12, 1 + 1e-12, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRejects(() -> sc.scheduler().at(t), "t", Double.toString(t));
    }
  }

  @Test
  void constructorArgumentsOutOfRangeAreRejected() {
    assertRejects(() -> new CondOTScheduler(1), "sigma_min", "1.0");
    assertRejects(() -> new CondOTScheduler(-0.1), "sigma_min", "-0.1");
    assertRejects(() -> new CondOTScheduler(Double.NaN), "sigma_min", "NaN");
    assertRejects(() -> new PolynomialScheduler(0.5), "n", "0.5");
    assertRejects(() -> new PolynomialScheduler(Double.POSITIVE_INFINITY), "n", "Infinity");
    assertRejects(() -> new PolynomialScheduler(Double.NaN), "n", "NaN");
    assertRejects(() -> new VPScheduler(20, 0.1), "beta_min=20.0", "beta_max=0.1");
    assertRejects(() -> new VPScheduler(1, 1), "beta_min=1.0", "beta_max=1.0");
    assertRejects(() -> new VPScheduler(0, 20), "beta_min=0.0", "beta_max=20.0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nameIsTheRegisteredOne(SchedulerCase sc) {
    assertEquals(sc.label().replaceAll("\\(.*", ""), sc.scheduler().name());
  }

  static void assertRejects(Executable call, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention '" + m + "'");
    }
  }

  static void report(String what, SchedulerCase sc, double value) {
    System.out.printf("[measured] %-50s %-16s %.3g%n", what, sc.label(), value);
  }
}
