package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * Step events, read back per row, tile [t0, t1]: each row's first event starts at t0 from y0, each starts where
 * the previous one of that row ended (time and state, exactly), the last ends at t1 on the final state, and there
 * is one event per accepted step.
 */
class StepObserverTest {

  static Stream<Arguments> solvers() {
    return Stream.of(
        Arguments.of("rk4 fixed", RungeKuttaSolver.fixed(Tableaus.RK4, 13)),
        Arguments.of("dopri5 fixed", new RungeKuttaSolver(Tableaus.DOPRI5, FixedGrid.stepSize(0.07))),
        Arguments.of("dopri5 shared", RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, ErrorControl.SHARED)),
        Arguments.of("dopri5 per-row",
            RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, ErrorControl.PER_ROW)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("solvers")
  void eventsTileTheSpanRowByRow(String name, RungeKuttaSolver solver) {
    TestProblem problem = TestProblems.spinners(1, 25, 3, 0.5);
    INDArray y0 = problem.initialStates();
    int n = (int) y0.rows();
    int d = problem.dim();
    for (double[] span : new double[][] {{0, 1}, {0.9, 0.2}}) {
      double t0 = span[0];
      double t1 = span[1];
      List<StepEvent> events = new ArrayList<>();
      OdeSolution s = solver.solve(problem, y0, t0, t1, new double[0], events::add);
      double[] clock = new double[n];
      java.util.Arrays.fill(clock, t0);
      double[][] state = new double[n][];
      double[] start = NdArrays.toDoubles(y0);
      for (int r = 0; r < n; r++) {
        state[r] = java.util.Arrays.copyOfRange(start, r * d, (r + 1) * d);
      }
      int[] count = new int[n];
      boolean someEventHadARowSubset = false;
      for (StepEvent e : events) {
        int m = e.rows().length;
        assertEquals(m, e.tStart().length);
        assertEquals(m, e.tEnd().length);
        assertArrayEquals(new long[] {m, d}, e.yStart().shape());
        assertArrayEquals(new long[] {m, d}, e.yEnd().shape());
        someEventHadARowSubset |= m < n;
        double[] yStart = NdArrays.toDoubles(e.yStart());
        double[] yEnd = NdArrays.toDoubles(e.yEnd());
        for (int i = 0; i < m; i++) {
          int r = e.rows()[i];
          assertEquals(clock[r], e.tStart()[i], 0.0, name + ": row " + r + " event " + count[r] + " leaves a gap");
          assertTrue((e.tEnd()[i] - e.tStart()[i]) * (t1 - t0) > 0, name + ": step against the direction");
          assertArrayEquals(state[r], java.util.Arrays.copyOfRange(yStart, i * d, (i + 1) * d), 0.0,
              name + ": row " + r + " event " + count[r] + " does not start where the previous one ended");
          clock[r] = e.tEnd()[i];
          state[r] = java.util.Arrays.copyOfRange(yEnd, i * d, (i + 1) * d);
          count[r]++;
        }
      }
      double[] end = NdArrays.toDoubles(s.finalState());
      for (int r = 0; r < n; r++) {
        assertEquals(t1, clock[r], 0.0, name + ": row " + r + " does not end at t1");
        assertArrayEquals(java.util.Arrays.copyOfRange(end, r * d, (r + 1) * d), state[r], 0.0,
            name + ": row " + r + " last event does not end on the final state");
        assertEquals(s.acceptedSteps()[r], count[r], name + ": events of row " + r);
      }
      assertEquals(name.contains("per-row"), someEventHadARowSubset,
          name + ": only per-row control steps some rows without the others");
    }
  }
}
