package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.VelocityField;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The engine's projection hook against closed forms: on the unit circle with the rotation field v(x) = (-y, x),
 * projected Euler turns each step by atan(h) and projected midpoint by atan2(h cos a, 1 - h sin a) with
 * a = atan(h / 2), both derived by hand from "step in the plane, then normalise".
 */
class ProjectionHookTest {
  private static final VelocityField ROTATION = (x, t) -> {
    double[] v = NdArrays.toDoubles(x);
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i += 2) {
      out[i] = -v[i + 1];
      out[i + 1] = v[i];
    }
    return NdArrays.matrix(out, x.rows(), 2, x.dataType());
  };

  private static final StateProjection ONTO_CIRCLE = (states, rows, dim) -> {
    for (int r = 0; r < rows; r++) {
      double n = Math.hypot(states[r * dim], states[r * dim + 1]);
      states[r * dim] /= n;
      states[r * dim + 1] /= n;
    }
  };

  private static double angleAfter(ButcherTableau tableau, int steps) {
    INDArray y0 = NdArrays.matrix(new double[] {1, 0}, 1, 2, DataType.DOUBLE);
    OdeSolution s = RungeKuttaSolver.fixed(tableau, steps).projected(ONTO_CIRCLE).solve(ROTATION, y0, 0, 1);
    double[] y = NdArrays.toDoubles(s.finalState());
    assertEquals(1, Math.hypot(y[0], y[1]), 1e-15, "the state stays on the circle");
    return Math.atan2(y[1], y[0]);
  }

  @Test
  void projectedEulerTurnsByAtanOfTheStepEachStep() {
    int n = 10;
    assertEquals(n * Math.atan(1.0 / n), angleAfter(Tableaus.EULER, n), 1e-14);
  }

  @Test
  void projectedMidpointTurnsByItsClosedFormEachStep() {
    int n = 10;
    double h = 1.0 / n;
    double a = Math.atan(h / 2);
    assertEquals(n * Math.atan2(h * Math.cos(a), 1 - h * Math.sin(a)), angleAfter(Tableaus.MIDPOINT, n), 1e-14);
  }

  @Test
  void theIdentityProjectionChangesNoBit() {
    INDArray y0 = NdArrays.matrix(new double[] {1, 0, 0.3, -2}, 2, 2, DataType.DOUBLE);
    double[] outputs = {0.25, 0.6};
    for (ButcherTableau tableau : new ButcherTableau[] {Tableaus.EULER, Tableaus.RK4, Tableaus.RK38}) {
      RungeKuttaSolver plain = RungeKuttaSolver.fixed(tableau, 7);
      OdeSolution a = plain.solve(ROTATION, y0, 0, 1, outputs, null);
      OdeSolution b = plain.projected((s, r, d) -> {}).solve(ROTATION, y0, 0, 1, outputs, null);
      assertArrayEquals(NdArrays.toDoubles(a.finalState()), NdArrays.toDoubles(b.finalState()), 0);
      assertArrayEquals(NdArrays.toDoubles(a.outputStates().get(0)), NdArrays.toDoubles(b.outputStates().get(0)), 0);
    }
  }

  @Test
  void denseOutputsAreProjectedToo() {
    INDArray y0 = NdArrays.matrix(new double[] {1, 0}, 1, 2, DataType.DOUBLE);
    OdeSolution s = RungeKuttaSolver.fixed(Tableaus.RK4, 3).projected(ONTO_CIRCLE)
        .solve(ROTATION, y0, 0, 1, new double[] {0.1, 0.5}, null);
    for (INDArray out : s.outputStates()) {
      double[] y = NdArrays.toDoubles(out);
      assertEquals(1, Math.hypot(y[0], y[1]), 1e-15);
    }
  }

  @Test
  void errorControlCannotBeProjected() {
    RungeKuttaSolver dopri5 = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-5, 1e-5, ErrorControl.SHARED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dopri5.projected(ONTO_CIRCLE));
    assertTrue(e.getMessage().startsWith("dopri5 with error control cannot be projected"), e.getMessage());
  }
}
