package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowmatch.core.IntegrationException;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Solves that cannot finish fail with an {@link IntegrationException} whose message says where (row, t), with what
 * step size, after how many steps.
 */
class IntegrationFailureTest {

  private static final Pattern MIN_STEP = Pattern.compile(
      "row (\\d+) fell to ([0-9.E-]+), below min_step = ([0-9.E-]+), at t = ([0-9.E-]+) after (\\d+) steps");

  /** y' = 1 / (0.5 - t)^2 blows up at t = 0.5: the steps shrink towards it until they fall below min_step. */
  @ParameterizedTest
  @EnumSource(ErrorControl.class)
  void aSingularityStopsTheSolveBelowMinStep(ErrorControl mode) {
    TestProblem pole = TestProblems.pole();
    IntegrationException e = assertThrows(IntegrationException.class,
        () -> RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, mode).solve(pole, pole.initialStates(), 0, 1));
    Matcher m = MIN_STEP.matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    assertTrue(Double.parseDouble(m.group(2)) < 1e-12, e.getMessage());
    assertEquals(Adaptive.DEFAULT_MIN_STEP, Double.parseDouble(m.group(3)));
    double t = Double.parseDouble(m.group(4));
    assertTrue(t < 0.5 && t > 0.5 - 1e-9, "stopped at t = " + t + ", not just before the pole");
    assertTrue(Integer.parseInt(m.group(5)) > 10, e.getMessage());
  }

  /** A field that is NaN beyond t = 0.6: every step across is rejected until the step size is exhausted. */
  @ParameterizedTest
  @EnumSource(ErrorControl.class)
  void aFieldThatTurnsNonFiniteStopsTheSolveBelowMinStep(ErrorControl mode) {
    VelocityField nanLater = (x, t) -> {
      double[] v = NdArrays.toDoubles(x);
      double[] times = NdArrays.toDoubles(t);
      int d = (int) x.columns();
      for (int i = 0; i < v.length; i++) {
        v[i] = times[i / d] > 0.6 ? Double.NaN : -v[i];
      }
      return NdArrays.matrix(v, x.rows(), d, x.dataType());
    };
    INDArray y0 = NdArrays.matrix(new double[] {1, 2, -1, 0.5}, 2, 2, DataType.DOUBLE);
    Adaptive control = Adaptive.of(1e-6, 1e-6, mode).withMinStep(1e-9);
    IntegrationException e = assertThrows(IntegrationException.class,
        () -> new RungeKuttaSolver(Tableaus.DOPRI5, control).solve(nanLater, y0, 0, 1));
    Matcher m = MIN_STEP.matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    assertEquals(1e-9, Double.parseDouble(m.group(3)));
    double t = Double.parseDouble(m.group(4));
    assertTrue(t <= 0.6 && t > 0.6 - 1e-8, "stopped at t = " + t + ", not just before 0.6");
  }

  @Test
  void tooManyStepsStopTheSolveWithTheBudget() {
    TestProblem problem = TestProblems.rotation();
    Adaptive control = Adaptive.of(1e-10, 1e-10, ErrorControl.PER_ROW).withMaxSteps(25);
    IntegrationException e = assertThrows(IntegrationException.class,
        () -> new RungeKuttaSolver(Tableaus.DOPRI5, control).solve(problem, problem.initialStates(), 0, 1));
    // exactly the budget was spent: the initial step selection and 25 attempts of six stages
    assertEquals(2 + 6 * 25, problem.calls());
    Matcher m = Pattern.compile("row (\\d+) took max_steps = 25 steps without finishing; it reached t = ([0-9.E-]+)"
        + " with step size ([0-9.E-]+)").matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    double t = Double.parseDouble(m.group(2));
    double h = Double.parseDouble(m.group(3));
    assertTrue(t > 0 && t < 0.5, "t = " + t);
    assertTrue(h > 0 && h < 0.05, "step size " + h);
  }

  /** With fixed steps nothing is rejected: a state that overflows names its row and the step's times. */
  @Test
  void aFixedStepSolveThatOverflowsNamesTheRowAndTime() {
    TestProblem riccati = TestProblems.riccati();
    // row 1 starts at 50: Euler's y + 0.1 y^2 overflows in the step from t = 0.8 to 0.9; row 0 stays finite
    INDArray y0 = NdArrays.matrix(new double[] {0.5, 50}, 2, 1, DataType.DOUBLE);
    IntegrationException e = assertThrows(IntegrationException.class,
        () -> RungeKuttaSolver.fixed(Tableaus.EULER, 10).solve(riccati, y0, 0, 1));
    assertTrue(e.getMessage().contains("euler: the state of row 1 became non-finite in the step from t = 0.8 to"
        + " t = 0.9"), e.getMessage());
    assertTrue(e.getMessage().contains("step 9 of 10"), e.getMessage());
    Matcher m = Pattern.compile("step size ([0-9.E-]+)").matcher(e.getMessage());
    assertTrue(m.find(), e.getMessage());
    assertEquals(0.1, Double.parseDouble(m.group(1)), 1e-15);
    TestProblem pole = TestProblems.pole();
    e = assertThrows(IntegrationException.class,
        () -> RungeKuttaSolver.fixed(Tableaus.RK4, 10).solve(pole, pole.initialStates(), 0, 1));
    assertTrue(e.getMessage().contains("row 0 became non-finite in the step from t = 0.4 to t = 0.5"),
        e.getMessage());
  }
}
