package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Bad arguments fail before any work, with a message that names the argument and shows its value. */
class InvalidInputTest {

  private final TestProblem problem = TestProblems.rotation();
  private final INDArray y0 = problem.initialStates();
  private final RungeKuttaSolver rk4 = RungeKuttaSolver.fixed(Tableaus.RK4, 4);
  private final RungeKuttaSolver dopri5 = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6,
      ErrorControl.SHARED);

  private static void assertRejected(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
  }

  @Test
  void initialStatesMustBeAFiniteMatrix() {
    assertRejected(() -> rk4.solve(problem, Nd4j.create(new double[] {1, 2}), 0, 1), "y0", "[2]");
    assertRejected(() -> rk4.solve(problem, Nd4j.zeros(DataType.DOUBLE, 2, 2, 1), 0, 1), "y0", "[2, 2, 1]");
    INDArray withNaN = NdArrays.matrix(new double[] {1, 0, Double.NaN, 2}, 2, 2, DataType.DOUBLE);
    assertRejected(() -> dopri5.solve(problem, withNaN, 0, 1), "y0 must be finite", "NaN at [1, 0]");
    INDArray withInf = NdArrays.matrix(new double[] {1, Double.POSITIVE_INFINITY}, 1, 2, DataType.DOUBLE);
    assertRejected(() -> rk4.solve(problem, withInf, 0, 1), "y0 must be finite", "Infinity at [0, 1]");
    assertRejected(() -> rk4.solve(problem, null, 0, 1), "y0 must not be null");
    assertRejected(() -> rk4.solve(null, y0, 0, 1), "field must not be null");
    assertTrue(problem.calls() == 0, "the field was called on bad input");
  }

  @Test
  void timesMustLieInTheUnitInterval() {
    assertRejected(() -> rk4.solve(problem, y0, -0.1, 1), "t0 must lie in [0, 1], got -0.1");
    assertRejected(() -> dopri5.solve(problem, y0, 0, 1.5), "t1 must lie in [0, 1], got 1.5");
    assertRejected(() -> rk4.solve(problem, y0, Double.NaN, 1), "t0", "NaN");
    assertRejected(() -> rk4.solve(problem, y0, 0, Double.POSITIVE_INFINITY), "t1", "Infinity");
  }

  @Test
  void tolerancesMustBePositive() {
    assertRejected(() -> Adaptive.of(0, 1e-6, ErrorControl.SHARED), "rtol must be positive and finite, got 0.0");
    assertRejected(() -> Adaptive.of(-1e-6, 1e-6, ErrorControl.SHARED), "rtol", "-1.0E-6");
    assertRejected(() -> Adaptive.of(1e-6, 0, ErrorControl.PER_ROW), "atol must be positive and finite, got 0.0");
    assertRejected(() -> Adaptive.of(1e-6, -3, ErrorControl.PER_ROW), "atol", "-3.0");
    assertRejected(() -> Adaptive.of(1e-6, Double.NaN, ErrorControl.PER_ROW), "atol", "NaN");
    assertRejected(() -> RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, null), "error control mode");
    assertRejected(() -> Adaptive.of(1e-6, 1e-6, ErrorControl.SHARED).withMaxSteps(0), "max_steps", "0");
    assertRejected(() -> Adaptive.of(1e-6, 1e-6, ErrorControl.SHARED).withMinStep(-1), "min_step", "-1.0");
    assertRejected(() -> new Adaptive(1e-6, 1e-6, ErrorControl.SHARED, 10, 1e-12, 1.5, 0.2, 10), "safety", "1.5");
    assertRejected(() -> new Adaptive(1e-6, 1e-6, ErrorControl.SHARED, 10, 1e-12, 0.9, 1.2, 10), "min_factor",
        "1.2");
    assertRejected(() -> new Adaptive(1e-6, 1e-6, ErrorControl.SHARED, 10, 1e-12, 0.9, 0.2, 1), "max_factor",
        "1.0");
  }

  @Test
  void outputTimesMustLieInTheSpanAndBeMonotone() {
    assertRejected(() -> rk4.solve(problem, y0, 0.2, 0.8, new double[] {0.5, 0.9}, null),
        "outputTimes[1] = 0.9 lies outside the solve's span [0.2, 0.8]");
    assertRejected(() -> dopri5.solve(problem, y0, 0.8, 0.2, new double[] {0.1}, null),
        "outputTimes[0] = 0.1 lies outside the solve's span [0.2, 0.8]");
    assertRejected(() -> rk4.solve(problem, y0, 0, 1, new double[] {0.5, 0.3}, null),
        "outputTimes must be monotone from t0 = 0.0 to t1 = 1.0", "outputTimes[0] = 0.5 and outputTimes[1] = 0.3");
    assertRejected(() -> dopri5.solve(problem, y0, 1, 0, new double[] {0.3, 0.5}, null),
        "outputTimes must be monotone from t0 = 1.0 to t1 = 0.0", "outputTimes[0] = 0.3 and outputTimes[1] = 0.5");
    assertRejected(() -> rk4.solve(problem, y0, 0, 1, new double[] {Double.NaN}, null), "outputTimes[0] = NaN");
    // repeated times are monotone; backwards outputs in decreasing order are fine
    assertDoesNotThrow(() -> rk4.solve(problem, y0, 0, 1, new double[] {0.5, 0.5, 1}, null));
    assertDoesNotThrow(() -> rk4.solve(problem, y0, 1, 0, new double[] {1, 0.5, 0}, null));
  }

  @Test
  void aNonMonotoneGridIsRejected() {
    assertRejected(() -> FixedGrid.grid(0, 0.6, 0.4, 1), "grid must be strictly monotone",
        "grid[1] = 0.6 and grid[2] = 0.4");
  }

  @Test
  void adaptiveControlNeedsAnEmbeddedTableau() {
    for (ButcherTableau tableau : new ButcherTableau[] {Tableaus.EULER, Tableaus.MIDPOINT, Tableaus.HEUN,
        Tableaus.RK4}) {
      assertRejected(() -> RungeKuttaSolver.adaptive(tableau, 1e-6, 1e-6, ErrorControl.SHARED),
          tableau.name() + " has no embedded error estimate");
    }
    assertDoesNotThrow(() -> RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, ErrorControl.SHARED));
    assertRejected(() -> new RungeKuttaSolver(null, FixedGrid.steps(3)), "tableau and step control");
    assertRejected(() -> new RungeKuttaSolver(Tableaus.RK4, null), "tableau and step control");
  }

  @Test
  void aFieldOfTheWrongShapeIsReported() {
    VelocityField tooWide = (x, t) -> Nd4j.zeros(x.dataType(), x.rows(), x.columns() + 1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> rk4.solve(tooWide, y0, 0, 1));
    assertTrue(e.getMessage().contains("returned shape [3, 3] for a batch of shape [3, 2]"), e.getMessage());
    VelocityField flat = (x, t) -> Nd4j.zeros(x.dataType(), x.rows() * x.columns());
    e = assertThrows(IllegalStateException.class, () -> dopri5.solve(flat, y0, 0, 1));
    assertTrue(e.getMessage().contains("returned shape [6] for a batch of shape [3, 2]"), e.getMessage());
    VelocityField none = (x, t) -> null;
    e = assertThrows(IllegalStateException.class, () -> rk4.solve(none, y0, 0, 1));
    assertTrue(e.getMessage().contains("returned null"), e.getMessage());
  }

  @Test
  void tableausAreCheckedWhenBuilt() {
    assertRejected(() -> new ButcherTableau("bad", 1, new double[] {0, 0.5}, new double[][] {{}, {0.4}},
        new double[] {0, 1}, null, 0, false, new double[][] {{0}, {1}}), "bad: row 1 of a must sum to c[1] = 0.5");
    assertRejected(() -> new ButcherTableau("bad", 1, new double[] {0, 0.5}, new double[][] {{}, {0.5}},
        new double[] {0.2, 0.7}, null, 0, false, new double[][] {{0.2}, {0.7}}), "the weights b must sum to 1");
    assertRejected(() -> new ButcherTableau("bad", 1, new double[] {0.1}, new double[][] {{}},
        new double[] {1}, null, 0, false, new double[][] {{1}}), "c[0] must be 0");
    assertRejected(() -> new ButcherTableau("bad", 1, new double[] {0, 0.5}, new double[][] {{}, {0.5}},
        new double[] {0, 1}, null, 0, false, new double[][] {{0.5}, {0.4}}), "dense output of stage 0");
    assertRejected(() -> new ButcherTableau("bad", 1, new double[] {0, 0.5}, new double[][] {{}, {0.5}},
        new double[] {0, 1}, null, 0, true, new double[][] {{0}, {1}}), "FSAL");
  }
}
