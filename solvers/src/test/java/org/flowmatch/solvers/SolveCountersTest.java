package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The work counters of {@link OdeSolution} against what the field actually saw, and against the stage counts of
 * each method.
 *
 * <p>Adaptive dopri5: the initial step selection evaluates f(y0) and f(y0 + h0 f(y0)), and the first of them is
 * the first step's first stage; every attempt, accepted or rejected, then evaluates stages 2..7 (stage 1 is the
 * FSAL stage of the previous accepted step, or for a rejected step the unchanged stage 1 of the same start). So in
 * shared mode nfe = 2 + 6 (accepted + rejected). In per-row mode every loop evaluates the attempts of the active
 * rows in one call: nfe = 2 + 6 max_r(accepted_r + rejected_r) and rowEvaluations = 2 n + 6 sum_r(accepted_r +
 * rejected_r).
 */
class SolveCountersTest {

  static Stream<Arguments> fixedCases() {
    return Stream.of(
        Arguments.of(Tableaus.EULER, 1, 0),
        Arguments.of(Tableaus.MIDPOINT, 2, 0),
        Arguments.of(Tableaus.HEUN, 2, 0),
        Arguments.of(Tableaus.RK4, 4, 0),
        Arguments.of(Tableaus.DOPRI5, 6, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixedCases")
  void fixedStepsCostStagesTimesSteps(ButcherTableau tableau, int perStep, int extra) {
    int n = 7;
    for (double[] span : new double[][] {{0, 1}, {0.8, 0.3}}) {
      TestProblem problem = TestProblems.rotation();
      INDArray y0 = problem.initialStates();
      OdeSolution s = RungeKuttaSolver.fixed(tableau, n).solve(problem, y0, span[0], span[1]);
      assertEquals(perStep * n + extra, s.nfe(), tableau.name() + " nfe");
      assertEquals((long) s.nfe() * y0.rows(), s.rowEvaluations(), "rowEvaluations = nfe x batch");
      assertEquals(problem.calls(), s.nfe(), "nfe disagrees with the field's own count");
      assertEquals(problem.rowsEvaluated(), s.rowEvaluations(), "rowEvaluations disagrees with the field's count");
      int[] steps = new int[(int) y0.rows()];
      Arrays.fill(steps, n);
      assertArrayEquals(steps, s.acceptedSteps());
      assertArrayEquals(new int[steps.length], s.rejectedSteps());
      assertEquals(n, s.maxAcceptedSteps());
      assertEquals(n, s.meanAcceptedSteps());
    }
  }

  @Test
  void adaptiveSharedNfeIsTwoPlusSixPerAttempt() {
    int totalRejected = 0;
    for (TestProblem problem : new TestProblem[] {TestProblems.growth(), TestProblems.riccati(),
        TestProblems.rotation()}) {
      for (double tol : new double[] {1e-6, 1e-9}) {
        INDArray y0 = problem.initialStates();
        int callsBefore = problem.calls();
        OdeSolution s = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tol, tol, ErrorControl.SHARED)
            .solve(problem, y0, 0, 1);
        int accepted = s.acceptedSteps()[0];
        int rejected = s.rejectedSteps()[0];
        for (int r = 0; r < y0.rows(); r++) {
          assertEquals(accepted, s.acceptedSteps()[r], "shared accepted steps of row " + r);
          assertEquals(rejected, s.rejectedSteps()[r], "shared rejected steps of row " + r);
        }
        assertEquals(2 + 6 * (accepted + rejected), s.nfe(), problem + " tol " + tol + ": " + s);
        assertEquals(problem.calls() - callsBefore, s.nfe(), "nfe disagrees with the field's own count");
        assertEquals((long) s.nfe() * y0.rows(), s.rowEvaluations());
        totalRejected += rejected;
      }
    }
    assertTrue(totalRejected > 0, "no case rejected a step, so rejections went untested");
  }

  @Test
  void adaptivePerRowCountsEveryRowsAttempts() {
    int totalRejected = 0;
    for (TestProblem problem : new TestProblem[] {TestProblems.growth(), TestProblems.riccati(),
        TestProblems.spinners(1, 20, 3)}) {
      INDArray y0 = problem.initialStates();
      OdeSolution s = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-7, 1e-7, ErrorControl.PER_ROW)
          .solve(problem, y0, 0, 1);
      int maxAttempts = 0;
      long sumAttempts = 0;
      for (int r = 0; r < y0.rows(); r++) {
        int attempts = s.acceptedSteps()[r] + s.rejectedSteps()[r];
        maxAttempts = Math.max(maxAttempts, attempts);
        sumAttempts += attempts;
        totalRejected += s.rejectedSteps()[r];
      }
      assertEquals(2 + 6 * maxAttempts, s.nfe(), problem + ": " + s);
      assertEquals(2 * y0.rows() + 6 * sumAttempts, s.rowEvaluations(), problem + ": " + s);
      assertEquals(problem.calls(), s.nfe());
      assertEquals(problem.rowsEvaluated(), s.rowEvaluations());
    }
    assertTrue(totalRejected > 0, "no case rejected a step, so rejections went untested");
  }

  @Test
  void anEmptySpanCostsNothingAndReturnsTheStart() {
    TestProblem problem = TestProblems.rotation();
    INDArray y0 = problem.initialStates();
    for (RungeKuttaSolver solver : new RungeKuttaSolver[] {RungeKuttaSolver.fixed(Tableaus.RK4, 5),
        RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, ErrorControl.PER_ROW)}) {
      OdeSolution s = solver.solve(problem, y0, 0.4, 0.4, new double[] {0.4, 0.4}, null);
      assertEquals(0, s.nfe());
      assertEquals(0, s.rowEvaluations());
      assertEquals(0, problem.calls());
      assertArrayEquals(NdArrays.toDoubles(y0), NdArrays.toDoubles(s.finalState()), 0.0);
      assertArrayEquals(NdArrays.toDoubles(y0), NdArrays.toDoubles(s.outputStates().get(1)), 0.0);
      assertArrayEquals(new int[3], s.acceptedSteps());
    }
  }
}
