package org.flowmatch.solvers;

import org.flowmatch.core.Checks;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityField;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one explicit Runge-Kutta engine: any {@link ButcherTableau} under any {@link StepControl}.
 *
 * <p>The integrator's own arithmetic (stage sums, error norms, clocks, interpolation) runs in double precision on
 * plain Java arrays; the field sees batches in the data type of the initial state. Immutable and thread-safe;
 * each solve keeps its state in an {@link Integration} of its own.
 */
public final class RungeKuttaSolver implements OdeSolver {
  private final ButcherTableau tableau;
  private final StepControl control;
  /** Null for the plain (affine) method. */
  private final StateProjection projection;

  public RungeKuttaSolver(ButcherTableau tableau, StepControl control) {
    this(tableau, control, null);
  }

  private RungeKuttaSolver(ButcherTableau tableau, StepControl control, StateProjection projection) {
    if (tableau == null || control == null) {
      throw new IllegalArgumentException("tableau and step control must not be null");
    }
    if (control instanceof Adaptive && !tableau.isEmbedded()) {
      throw new IllegalArgumentException(tableau.name() + " has no embedded error estimate, so it cannot adapt"
          + " its steps; give it a number of steps, a step size or a grid");
    }
    if (projection != null && !(control instanceof FixedGrid)) {
      throw new IllegalArgumentException(tableau.name() + " with error control cannot be projected: its error"
          + " estimate measures the ambient step, not the projected one; give it fixed steps");
    }
    this.tableau = tableau;
    this.control = control;
    this.projection = projection;
  }

  /**
   * This method with every stage state, new state and dense output projected by {@code projection} (fixed steps
   * only): a projected Runge-Kutta method for states on a manifold.
   */
  public RungeKuttaSolver projected(StateProjection projection) {
    if (projection == null) {
      throw new IllegalArgumentException("projection must not be null");
    }
    return new RungeKuttaSolver(tableau, control, projection);
  }

  /** {@code steps} equal steps of {@code tableau}. */
  public static RungeKuttaSolver fixed(ButcherTableau tableau, int steps) {
    return new RungeKuttaSolver(tableau, FixedGrid.steps(steps));
  }

  /** {@code tableau} with the standard controller at the given tolerances. */
  public static RungeKuttaSolver adaptive(ButcherTableau tableau, double rtol, double atol, ErrorControl mode) {
    return new RungeKuttaSolver(tableau, Adaptive.of(rtol, atol, mode));
  }

  public ButcherTableau tableau() {
    return tableau;
  }

  public StepControl control() {
    return control;
  }

  @Override
  public String name() {
    return tableau.name();
  }

  @Override
  public OdeSolution solve(VelocityField field, INDArray y0, double t0, double t1, double[] outputTimes,
      StepObserver observer) {
    if (field == null) {
      throw new IllegalArgumentException("field must not be null");
    }
    Checks.finiteMatrix(y0, "y0", -1, -1);
    Checks.time(t0, "t0");
    Checks.time(t1, "t1");
    double[] outputs = checkOutputTimes(outputTimes == null ? new double[0] : outputTimes, t0, t1);
    Integration integration = new Integration(tableau, field, y0, t0, t1, outputs,
        observer == null ? StepObserver.NONE : observer, projection);
    return integration.run(control);
  }

  private static double[] checkOutputTimes(double[] times, double t0, double t1) {
    double lo = Math.min(t0, t1);
    double hi = Math.max(t0, t1);
    double dir = t1 >= t0 ? 1 : -1;
    for (int i = 0; i < times.length; i++) {
      if (!(times[i] >= lo && times[i] <= hi)) {
        throw new IllegalArgumentException("outputTimes[" + i + "] = " + times[i] + " lies outside the solve's span ["
            + lo + ", " + hi + "]");
      }
      if (i > 0 && (times[i] - times[i - 1]) * dir < 0) {
        throw new IllegalArgumentException("outputTimes must be monotone from t0 = " + t0 + " to t1 = " + t1
            + ", but outputTimes[" + (i - 1) + "] = " + times[i - 1] + " and outputTimes[" + i + "] = " + times[i]);
      }
    }
    return times.clone();
  }

  @Override
  public String toString() {
    return tableau.name() + " (" + control + (projection == null ? "" : ", projected") + ")";
  }
}
