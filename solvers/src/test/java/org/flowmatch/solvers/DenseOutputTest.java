package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.StepEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dense output: states at requested times between grid points come from each tableau's continuous extension, of
 * order p* (euler 1, midpoint and heun 2, rk4 3, dopri5 4). Within one step from an exact state the interpolation
 * error is O(h^(p*+1)); over a whole solve the error at an off-grid time is O(h^min(p, p*+1)) = O(h^p) for all
 * shipped methods. Outputs on grid points are the stepped states, bit for bit.
 */
class DenseOutputTest {

  private static final int[] STEPS = {32, 64, 128, 256};
  /** Step sizes 1/64..1/512 for a single step: the dopri5 interpolation error still lies above 1e-14 there. */
  private static final int[] LOCAL_STEPS = {64, 128, 256, 512};

  static Stream<Arguments> tableaus() {
    return Stream.of(
        Arguments.of(Tableaus.EULER, 1),
        Arguments.of(Tableaus.MIDPOINT, 2),
        Arguments.of(Tableaus.HEUN, 2),
        Arguments.of(Tableaus.RK4, 3),
        Arguments.of(Tableaus.DOPRI5, 4));
  }

  /** One step of size h from the exact state at t0 = 0.1, read at theta = 0.3 and 0.7: error O(h^(p*+1)). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tableaus")
  void interpolationWithinOneStepHasTheOrderOfTheContinuousExtension(ButcherTableau tableau, int denseOrder) {
    for (TestProblem problem : new TestProblem[] {TestProblems.growth(), TestProblems.rotation()}) {
      INDArray y0 = problem.initialStates();
      double t0 = 0.1;
      double[] h = new double[LOCAL_STEPS.length];
      double[] error = new double[LOCAL_STEPS.length];
      for (int i = 0; i < LOCAL_STEPS.length; i++) {
        h[i] = 1.0 / LOCAL_STEPS[i];
        double[] outputs = {t0 + 0.3 * h[i], t0 + 0.7 * h[i]};
        OdeSolution s = RungeKuttaSolver.fixed(tableau, 1).solve(problem, y0, t0, t0 + h[i], outputs, null);
        for (int j = 0; j < outputs.length; j++) {
          error[i] = Math.max(error[i],
              TestProblems.maxError(s.outputStates().get(j), problem.exact(y0, t0, outputs[j])));
        }
      }
      double order = TestProblems.order(h, error);
      System.out.printf("dense local %-8s %-8s %.3f (expected %d; errors %s)%n", problem, tableau.name(), order,
          denseOrder + 1, format(error));
      assertEquals(denseOrder + 1, order, 0.3, problem + " " + tableau.name() + ": local interpolation order");
    }
  }

  /** Off-grid outputs of a whole solve converge with the method's order (p <= p* + 1 for every tableau). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tableaus")
  void offGridOutputsConvergeWithTheMethodsOrder(ButcherTableau tableau, int denseOrder) {
    // Binary fractions are grid points for power-of-two step counts; these times never are.
    double[] outputs = {0.123, 0.4567, 0.789};
    int[] steps = tableau.order() == 1 ? new int[] {128, 256, 512, 1024} : STEPS;
    TestProblem problem = TestProblems.rotation();
    INDArray y0 = problem.initialStates();
    double[] h = new double[steps.length];
    double[] error = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      h[i] = 1.0 / steps[i];
      OdeSolution s = RungeKuttaSolver.fixed(tableau, steps[i]).solve(problem, y0, 0, 1, outputs, null);
      assertArrayEquals(outputs, s.outputTimes());
      for (int j = 0; j < outputs.length; j++) {
        error[i] = Math.max(error[i], TestProblems.maxError(s.outputStates().get(j), problem.exact(y0, 0, outputs[j])));
      }
    }
    double order = TestProblems.order(h, error);
    int expected = Math.min(tableau.order(), denseOrder + 1);
    System.out.printf("dense global %-8s %.3f (expected %d; errors %s)%n", tableau.name(), order, expected,
        format(error));
    assertEquals(expected, order, 0.3, tableau.name() + ": order of off-grid outputs");
  }

  /**
   * Outputs that fall on grid points are the states the steps produced (no interpolation), an output at t0 is y0
   * and one at t1 is the final state, forwards and backwards.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tableaus")
  void outputsOnGridPointsAreTheSteppedStates(ButcherTableau tableau, int denseOrder) {
    TestProblem problem = TestProblems.rotation();
    INDArray y0 = problem.initialStates();
    int n = 10;
    for (double[] span : new double[][] {{0.1, 0.9}, {0.9, 0.1}}) {
      double t0 = span[0];
      double t1 = span[1];
      double[] grid = FixedGrid.steps(n).times(t0, t1);
      // t0, two grid points, one time between grid points, t1
      double[] outputs = {t0, grid[3], grid[4], (grid[6] + grid[7]) / 2, t1};
      List<StepEvent> events = new ArrayList<>();
      OdeSolution s = RungeKuttaSolver.fixed(tableau, n).solve(problem, y0, t0, t1, outputs, events::add);
      assertEquals(n, events.size());
      assertEquals(outputs.length, s.outputStates().size());
      assertArrayEquals(NdArrays.toDoubles(y0), NdArrays.toDoubles(s.outputStates().get(0)), 0.0,
          "output at t0");
      for (int j : new int[] {1, 2}) {
        StepEvent endingThere = events.stream().filter(e -> e.tEnd()[0] == outputs[j]).findFirst().orElse(null);
        assertNotNull(endingThere, "no step ends at grid point " + outputs[j]);
        assertArrayEquals(NdArrays.toDoubles(endingThere.yEnd()), NdArrays.toDoubles(s.outputStates().get(j)),
            0.0, "output at grid point " + outputs[j]);
      }
      assertArrayEquals(NdArrays.toDoubles(s.finalState()), NdArrays.toDoubles(s.outputStates().get(4)), 0.0,
          "output at t1");
      // between grid points: interpolated, so neither neighbour, yet close to the exact state (h = 0.08)
      double[] between = NdArrays.toDoubles(s.outputStates().get(3));
      assertTrue(!Arrays.equals(between, NdArrays.toDoubles(events.get(6).yEnd()))
          && !Arrays.equals(between, NdArrays.toDoubles(events.get(5).yEnd())));
      double err = TestProblems.maxError(s.outputStates().get(3), problem.exact(y0, t0, outputs[3]));
      double errAtEnd = TestProblems.maxError(s.finalState(), problem.exact(y0, t0, t1));
      assertTrue(err < 10 * errAtEnd + 1e-12, tableau.name() + ": interpolated error " + err
          + " is out of proportion with the error at t1, " + errAtEnd);
    }
  }

  private static String format(double[] values) {
    return Arrays.toString(Arrays.stream(values).mapToObj(v -> String.format("%.2e", v)).toArray());
  }
}
