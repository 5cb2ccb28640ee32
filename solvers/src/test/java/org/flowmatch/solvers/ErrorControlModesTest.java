package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.flowmatch.core.OdeSolution;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared versus per-row error control on a batch that mixes easy rows (slow rotations) and hard ones (fast
 * rotations, about six turns on [0, 1]). Measured at 1e-8: shared 11640 row evaluations, per-row 4722 (ratio 0.41);
 * worst error 15.2 x tolerance (shared) and 8.9 x (per-row), on the fast rows.
 */
class ErrorControlModesTest {

  private static final double TOL = 1e-8;
  private static final double[] RATES = {1, 40, 0.5, 2, 40, 3};

  @Test
  void perRowControlSpendsFewerRowEvaluationsAndBothMeetTheTolerance() {
    TestProblem problem = TestProblems.spinners(RATES);
    INDArray y0 = problem.initialStates();
    INDArray exact = problem.exact(y0, 0, 1);
    OdeSolution shared = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.SHARED)
        .solve(problem, y0, 0, 1);
    OdeSolution perRow = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.PER_ROW)
        .solve(problem, y0, 0, 1);
    double sharedError = TestProblems.errorOverTolerance(shared.finalState(), exact, TOL, TOL);
    double perRowError = TestProblems.errorOverTolerance(perRow.finalState(), exact, TOL, TOL);
    System.out.printf("error control: shared %d row evaluations (nfe %d, error %.1f tol), per-row %d (nfe %d, error"
        + " %.1f tol), ratio %.3f; per-row accepted steps %s%n", shared.rowEvaluations(), shared.nfe(), sharedError,
        perRow.rowEvaluations(), perRow.nfe(), perRowError, (double) perRow.rowEvaluations()
            / shared.rowEvaluations(), Arrays.toString(perRow.acceptedSteps()));

    assertTrue(sharedError <= 50, "shared: error " + sharedError + " x tolerance");
    assertTrue(perRowError <= 50, "per-row: error " + perRowError + " x tolerance");
    assertTrue(perRow.rowEvaluations() < 0.6 * shared.rowEvaluations(), "per-row spent " + perRow.rowEvaluations()
        + " row evaluations, shared " + shared.rowEvaluations());
    // shared: every row takes the same steps; per-row: the easy rows take far fewer than the hard ones
    assertEquals(1, Arrays.stream(shared.acceptedSteps()).distinct().count(), "shared steps differ between rows");
    assertEquals(problem.rowsEvaluated(), shared.rowEvaluations() + perRow.rowEvaluations(),
        "rowEvaluations disagrees with what the field saw");
    for (int r = 0; r < RATES.length; r++) {
      if (RATES[r] < 5) {
        assertTrue(perRow.acceptedSteps()[r] * 5 < perRow.maxAcceptedSteps(), "easy row " + r + " took "
            + perRow.acceptedSteps()[r] + " steps of " + perRow.maxAcceptedSteps());
      }
    }
  }

  /** Per-row control treats each row as if it were alone: the same steps, rejections and result. */
  @Test
  void perRowStepsOfARowDoNotDependOnTheRestOfTheBatch() {
    TestProblem problem = TestProblems.spinners(RATES);
    INDArray y0 = problem.initialStates();
    RungeKuttaSolver solver = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.PER_ROW);
    OdeSolution batch = solver.solve(problem, y0, 0, 1);
    for (int r = 0; r < RATES.length; r++) {
      OdeSolution alone = solver.solve(problem, y0.getRow(r, true).dup(), 0, 1);
      assertEquals(alone.acceptedSteps()[0], batch.acceptedSteps()[r], "accepted steps of row " + r);
      assertEquals(alone.rejectedSteps()[0], batch.rejectedSteps()[r], "rejected steps of row " + r);
      assertEquals(0, TestProblems.maxError(alone.finalState(), batch.finalState().getRow(r, true)), 1e-14,
          "final state of row " + r);
    }
    // In shared mode the fast rows set the pace: an easy row alone takes far fewer steps than in the batch.
    RungeKuttaSolver sharedSolver = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.SHARED);
    OdeSolution shared = sharedSolver.solve(problem, y0, 0, 1);
    OdeSolution easyAlone = sharedSolver.solve(problem, y0.getRow(0, true).dup(), 0, 1);
    assertTrue(easyAlone.acceptedSteps()[0] * 5 < shared.acceptedSteps()[0], "easy row alone took "
        + easyAlone.acceptedSteps()[0] + " steps, in the shared batch " + shared.acceptedSteps()[0]);
  }

  /**
   * Shared control pools the root-mean-square error over every entry of the batch. Rows at rest (zero state, zero
   * velocity) add nothing to the sum but count in the mean: with three of them beside one moving row, the pooled
   * norm is half the row's own, which is exactly the norm of the row alone at twice the tolerance (atol = rtol, so
   * the error scale doubles). Powers of two are exact, so the steps and states must be identical.
   */
  @Test
  void sharedControlPoolsTheMeanSquareOverTheBatch() {
    TestProblem problem = TestProblems.rotation();
    INDArray moving = TestProblem.matrix(new double[][] {{0.6, -0.8}}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    INDArray withResting = TestProblem.matrix(new double[][] {{0.6, -0.8}, {0, 0}, {0, 0}, {0, 0}},
        org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    OdeSolution pooled = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.SHARED)
        .solve(problem, withResting, 0, 1);
    OdeSolution alone = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 2 * TOL, 2 * TOL, ErrorControl.SHARED)
        .solve(problem, moving, 0, 1);
    OdeSolution aloneAtTol = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.SHARED)
        .solve(problem, moving, 0, 1);
    assertEquals(alone.acceptedSteps()[0], pooled.acceptedSteps()[0]);
    assertEquals(alone.rejectedSteps()[0], pooled.rejectedSteps()[0]);
    assertEquals(alone.nfe(), pooled.nfe());
    assertEquals(0, TestProblems.maxError(alone.finalState(), pooled.finalState().getRow(0, true)), 1e-15);
    assertTrue(aloneAtTol.acceptedSteps()[0] > alone.acceptedSteps()[0], "the tolerance made no difference");
    // per-row control ignores the resting rows: the moving row steps as it would alone at the same tolerance
    OdeSolution perRow = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, ErrorControl.PER_ROW)
        .solve(problem, withResting, 0, 1);
    assertEquals(aloneAtTol.acceptedSteps()[0], perRow.acceptedSteps()[0]);
  }
}
