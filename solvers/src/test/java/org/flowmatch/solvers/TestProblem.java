package org.flowmatch.solvers;

import java.util.concurrent.atomic.AtomicInteger;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityField;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An ODE y' = f(y, t) with a closed-form solution y(t) for every initial state (y0 at t0), in the style of
 * Hipparchus' TestProblem1..8. The field is evaluated row by row in double precision on plain Java arrays and
 * answers in the data type of its input; it counts its batched calls and the rows it evaluated.
 */
abstract class TestProblem implements VelocityField {
  private final String name;
  private final int dim;
  private final double[][] initialStates;
  private final AtomicInteger calls = new AtomicInteger();
  private long rows;

  TestProblem(String name, int dim, double[][] initialStates) {
    this.name = name;
    this.dim = dim;
    this.initialStates = initialStates;
  }

  /** f(y, t) of one row, written into {@code yDot}. */
  abstract void derivative(double t, double[] y, double[] yDot);

  /** The exact state at {@code t} of the solution that passes through {@code y0} at {@code t0}. */
  abstract double[] exact(double t0, double[] y0, double t);

  String name() {
    return name;
  }

  int dim() {
    return dim;
  }

  /** The problem's default batch of initial states, in double precision. */
  INDArray initialStates() {
    return matrix(initialStates, DataType.DOUBLE);
  }

  /** The exact states at {@code t} of every row of {@code y0} (given at {@code t0}), in double precision. */
  INDArray exact(INDArray y0, double t0, double t) {
    int n = (int) y0.rows();
    double[] start = NdArrays.toDoubles(y0.castTo(DataType.DOUBLE));
    double[] out = new double[n * dim];
    for (int r = 0; r < n; r++) {
      double[] row = new double[dim];
      System.arraycopy(start, r * dim, row, 0, dim);
      System.arraycopy(exact(t0, row, t), 0, out, r * dim, dim);
    }
    return NdArrays.matrix(out, n, dim, DataType.DOUBLE);
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t) {
    int n = (int) x.rows();
    if (x.columns() != dim || t.rows() != n || t.columns() != 1) {
      throw new AssertionError(name + ": called with x " + x.shapeInfoToString() + " and t " + t.shapeInfoToString());
    }
    calls.incrementAndGet();
    synchronized (this) {
      rows += n;
    }
    double[] xs = NdArrays.toDoubles(x);
    double[] ts = NdArrays.toDoubles(t);
    double[] out = new double[n * dim];
    double[] y = new double[dim];
    double[] yDot = new double[dim];
    for (int r = 0; r < n; r++) {
      System.arraycopy(xs, r * dim, y, 0, dim);
      derivative(ts[r], y, yDot);
      System.arraycopy(yDot, 0, out, r * dim, dim);
    }
    return NdArrays.matrix(out, n, dim, x.dataType());
  }

  /** The batched calls of the field so far. */
  int calls() {
    return calls.get();
  }

  /** The rows evaluated over all calls so far. */
  synchronized long rowsEvaluated() {
    return rows;
  }

  @Override
  public String toString() {
    return name;
  }

  static INDArray matrix(double[][] rows, DataType type) {
    int n = rows.length;
    int d = rows[0].length;
    double[] flat = new double[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows[r], 0, flat, r * d, d);
    }
    return NdArrays.matrix(flat, n, d, type);
  }
}
