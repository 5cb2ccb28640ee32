package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The empirical order of convergence of every shipped tableau with fixed steps: the least-squares slope of
 * log(global error at t1) against log(h) over a range of step counts in the asymptotic regime, well above
 * round-off, must be the tableau's order within 0.3.
 */
class ConvergenceOrderTest {

  /** Step counts per method, chosen from measured error tables so that every error lies in 1e-13..1e-1. */
  private static final int[] EULER_STEPS = {128, 256, 512, 1024};
  private static final int[] SECOND_ORDER_STEPS = {64, 128, 256, 512};
  private static final int[] HIGH_ORDER_STEPS = {32, 64, 128, 256};

  record Case(String problemName, Supplier<TestProblem> problem, ButcherTableau tableau, double t0, double t1,
      int[] steps, double expectedOrder) {
    @Override
    public String toString() {
      return problemName + " " + tableau.name() + (t1 < t0 ? " backwards" : " forwards");
    }
  }

  static Stream<Case> cases() {
    Stream.Builder<Case> cases = Stream.builder();
    for (boolean backwards : new boolean[] {false, true}) {
      double t0 = backwards ? 1 : 0;
      double t1 = backwards ? 0 : 1;
      cases.add(new Case("growth", TestProblems::growth, Tableaus.EULER, t0, t1, SECOND_ORDER_STEPS, 1));
      cases.add(new Case("growth", TestProblems::growth, Tableaus.MIDPOINT, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("growth", TestProblems::growth, Tableaus.HEUN, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("growth", TestProblems::growth, Tableaus.RK4, t0, t1, HIGH_ORDER_STEPS, 4));
      cases.add(new Case("growth", TestProblems::growth, Tableaus.DOPRI5, t0, t1, HIGH_ORDER_STEPS, 5));
      cases.add(new Case("rotation", TestProblems::rotation, Tableaus.EULER, t0, t1, EULER_STEPS, 1));
      cases.add(new Case("rotation", TestProblems::rotation, Tableaus.MIDPOINT, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("rotation", TestProblems::rotation, Tableaus.HEUN, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("rotation", TestProblems::rotation, Tableaus.RK4, t0, t1, HIGH_ORDER_STEPS, 4));
      cases.add(new Case("rotation", TestProblems::rotation, Tableaus.DOPRI5, t0, t1, HIGH_ORDER_STEPS, 5));
      cases.add(new Case("riccati", TestProblems::riccati, Tableaus.EULER, t0, t1, EULER_STEPS, 1));
      cases.add(new Case("riccati", TestProblems::riccati, Tableaus.MIDPOINT, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("riccati", TestProblems::riccati, Tableaus.HEUN, t0, t1, SECOND_ORDER_STEPS, 2));
      cases.add(new Case("riccati", TestProblems::riccati, Tableaus.RK4, t0, t1, HIGH_ORDER_STEPS, 4));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void measuredOrderIsTheTableausOrder(Case c) {
    TestProblem problem = c.problem().get();
    INDArray y0 = problem.initialStates();
    INDArray exact = problem.exact(y0, c.t0(), c.t1());
    double[] h = new double[c.steps().length];
    double[] error = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      int n = c.steps()[i];
      h[i] = Math.abs(c.t1() - c.t0()) / n;
      error[i] = TestProblems.maxError(RungeKuttaSolver.fixed(c.tableau(), n).solve(problem, y0, c.t0(), c.t1())
          .finalState(), exact);
      assertTrue(error[i] > 1e-13 && error[i] < 1, c + ": error " + error[i] + " at " + n
          + " steps is outside the asymptotic range this test assumes");
    }
    double order = TestProblems.order(h, error);
    System.out.printf("order %-28s %.3f (expected %.0f; steps %s, errors %s)%n", c, order, c.expectedOrder(),
        Arrays.toString(c.steps()), Arrays.toString(Arrays.stream(error).mapToObj(e -> String.format("%.2e", e))
            .toArray()));
    assertEquals(c.tableau().order(), c.expectedOrder(), c + ": the tableau declares another order");
    assertEquals(c.expectedOrder(), order, 0.3, c + ": measured order");
  }
}
