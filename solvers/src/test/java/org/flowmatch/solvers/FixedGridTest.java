package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.StepEvent;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The times of a fixed-step solve, and a solve on them against Euler computed by hand. */
class FixedGridTest {

  @Test
  void equalStepsIncludeBothEnds() {
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, FixedGrid.steps(4).times(0, 1), 0.0);
    assertArrayEquals(new double[] {1, 0.75, 0.5, 0.25, 0}, FixedGrid.steps(4).times(1, 0), 0.0);
    assertArrayEquals(new double[] {0.2, 0.7}, FixedGrid.steps(1).times(0.2, 0.7), 0.0);
    double[] times = FixedGrid.steps(3).times(0.1, 0.4);
    assertEquals(4, times.length);
    assertEquals(0.1, times[0], 0.0);
    assertEquals(0.4, times[3], 0.0);
    assertEquals(0.2, times[1], 1e-16);
    assertEquals(0.3, times[2], 1e-16);
  }

  @Test
  void stepSizeShortensTheLastStepToEndOnT1() {
    assertArrayEquals(new double[] {0, 0.3, 0.6, 0.9, 1}, FixedGrid.stepSize(0.3).times(0, 1), 1e-15);
    assertEquals(1.0, FixedGrid.stepSize(0.3).times(0, 1)[4], 0.0);
    assertArrayEquals(new double[] {1, 0.7, 0.4, 0.1, 0}, FixedGrid.stepSize(0.3).times(1, 0), 1e-15);
    // a step size that divides the span: no sliver of a last step
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, FixedGrid.stepSize(0.25).times(0, 1), 0.0);
    assertEquals(11, FixedGrid.stepSize(0.1).times(0, 1).length, "0.1 divides 1 up to round-off");
    // a step larger than the span: one step
    assertArrayEquals(new double[] {0.4, 0.6}, FixedGrid.stepSize(0.5).times(0.4, 0.6), 0.0);
  }

  @Test
  void anExplicitGridUsesOnlyItsPointsStrictlyInsideTheSpan() {
    FixedGrid grid = FixedGrid.grid(0, 0.1, 0.5, 0.9, 1);
    assertArrayEquals(new double[] {0.2, 0.5, 0.9, 0.95}, grid.times(0.2, 0.95), 0.0);
    assertArrayEquals(new double[] {0.95, 0.9, 0.5, 0.2}, grid.times(0.95, 0.2), 0.0);
    // points equal to t0 or t1 are not repeated
    assertArrayEquals(new double[] {0.1, 0.5, 0.9}, grid.times(0.1, 0.9), 0.0);
    assertArrayEquals(new double[] {0.9, 0.5, 0.1}, grid.times(0.9, 0.1), 0.0);
    // a decreasing grid serves a forward solve just as well
    assertArrayEquals(new double[] {0.2, 0.5, 0.9, 0.95}, FixedGrid.grid(1, 0.9, 0.5, 0.1, 0).times(0.2, 0.95),
        0.0);
    // no grid point inside: one step
    assertArrayEquals(new double[] {0.6, 0.8}, grid.times(0.6, 0.8), 0.0);
  }

  @Test
  void eulerOnAnExplicitGridIsEulerByHandForwardsAndBackwards() {
    double[] gridPoints = {0, 0.05, 0.3, 0.31, 0.6, 0.95, 1};
    FixedGrid grid = FixedGrid.grid(gridPoints);
    TestProblem problem = TestProblems.rotation();
    INDArray y0 = problem.initialStates();
    for (double[] span : new double[][] {{0.1, 0.97}, {0.97, 0.1}, {0, 1}, {1, 0}}) {
      double[] times = grid.times(span[0], span[1]);
      List<StepEvent> events = new ArrayList<>();
      OdeSolution s = new RungeKuttaSolver(Tableaus.EULER, grid).solve(problem, y0, span[0], span[1], null,
          events::add);
      double[] expected = eulerByHand(problem, NdArrays.toDoubles(y0), times);
      assertArrayEquals(expected, NdArrays.toDoubles(s.finalState()), 1e-15, "span " + span[0] + " -> " + span[1]);
      assertEquals(times.length - 1, s.acceptedSteps()[0]);
      assertEquals(times.length - 1, events.size());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(times[i], events.get(i).tStart()[0], 0.0);
        assertEquals(times[i + 1], events.get(i).tEnd()[0], 0.0);
      }
    }
  }

  @Test
  void rk4WithAStepSizeStepsOnItsGrid() {
    TestProblem problem = TestProblems.growth();
    INDArray y0 = problem.initialStates();
    List<StepEvent> events = new ArrayList<>();
    OdeSolution s = new RungeKuttaSolver(Tableaus.RK4, FixedGrid.stepSize(0.3)).solve(problem, y0, 1, 0, null,
        events::add);
    assertEquals(4, s.acceptedSteps()[0]);
    assertEquals(16, s.nfe());
    assertEquals(0.1, events.get(3).tStart()[0], 1e-15, "the last step is shortened to 0.1");
    assertEquals(0.0, events.get(3).tEnd()[0], 0.0);
    OdeSolution onGrid = new RungeKuttaSolver(Tableaus.RK4, FixedGrid.grid(1, 0.7, 0.4, 0.1, 0)).solve(problem, y0,
        1, 0);
    assertArrayEquals(NdArrays.toDoubles(onGrid.finalState()), NdArrays.toDoubles(s.finalState()), 1e-14);
  }

  @Test
  void invalidGridsAreRejectedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.grid(0, 0.5, 0.3, 1));
    assertTrue(e.getMessage().contains("grid must be strictly monotone, but grid[1] = 0.5 and grid[2] = 0.3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.grid(0, 0.5, 0.5, 1));
    assertTrue(e.getMessage().contains("grid[1] = 0.5 and grid[2] = 0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.grid(0, 1.5));
    assertTrue(e.getMessage().contains("grid[1] must lie in [0, 1], got 1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.grid(0.5));
    assertTrue(e.getMessage().contains("at least 2 times, got [0.5]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.steps(0));
    assertTrue(e.getMessage().contains("steps must be positive, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.stepSize(-0.1));
    assertTrue(e.getMessage().contains("step_size must be positive and finite, got -0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FixedGrid.stepSize(Double.NaN));
    assertTrue(e.getMessage().contains("step_size"), e.getMessage());
  }

  /** y_{k+1} = y_k + (t_{k+1} - t_k) f(y_k, t_k), row by row. */
  private static double[] eulerByHand(TestProblem problem, double[] y0, double[] times) {
    int d = problem.dim();
    double[] y = y0.clone();
    double[] row = new double[d];
    double[] slope = new double[d];
    for (int k = 0; k + 1 < times.length; k++) {
      double h = times[k + 1] - times[k];
      for (int r = 0; r < y.length / d; r++) {
        System.arraycopy(y, r * d, row, 0, d);
        problem.derivative(times[k], row, slope);
        for (int j = 0; j < d; j++) {
          y[r * d + j] += h * slope[j];
        }
      }
    }
    return y;
  }
}
