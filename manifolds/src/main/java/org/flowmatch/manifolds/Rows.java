package org.flowmatch.manifolds;

import java.util.Arrays;
import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A manifold's row operations applied to batches {@code [n, dim]}: computed in double precision, returned in the
 * data type of the first argument.
 */
public final class Rows {
  /**
   * How far off the manifold a point may lie before it is bad input: loose enough for points stored in float32
   * (relative rounding 6e-8) and written to CSV, tight enough to catch data from another manifold or scale.
   */
  public static final double TOLERANCE = 1e-4;

  private Rows() {}

  /** A row operation with two inputs. */
  @FunctionalInterface
  interface Binary {
    void apply(double[] a, double[] b, double[] out);
  }

  public static INDArray exp(Manifold m, INDArray x, INDArray u) {
    return binary(x, "x", u, "u", m::exp);
  }

  public static INDArray log(Manifold m, INDArray x, INDArray y) {
    return binary(x, "x", y, "y", m::log);
  }

  public static INDArray projectTangents(Manifold m, INDArray x, INDArray u) {
    return binary(x, "x", u, "u", m::projectTangent);
  }

  public static INDArray projectPoints(Manifold m, INDArray x) {
    Checks.matrix(x, "x", -1, -1);
    double[] flat = NdArrays.toDoubles(x);
    project(m, flat, (int) x.rows(), (int) x.columns());
    return NdArrays.matrix(flat, (int) x.rows(), (int) x.columns(), x.dataType());
  }

  /** Projects the first {@code rows} rows of a row-major buffer in place (a solver's {@code StateProjection}). */
  public static void project(Manifold m, double[] flat, int rows, int dim) {
    double[] row = new double[dim];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * dim, row, 0, dim);
      m.projectPoint(row, row);
      System.arraycopy(row, 0, flat, i * dim, dim);
    }
  }

  /** The geodesic distance between matching rows. */
  public static double[] distances(Manifold m, INDArray x, INDArray y) {
    Checks.matrix(x, "x", -1, -1);
    Checks.matrix(y, "y", x.rows(), x.columns());
    int n = (int) x.rows();
    int d = (int) x.columns();
    double[] xs = NdArrays.toDoubles(x);
    double[] ys = NdArrays.toDoubles(y);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = m.distance(Arrays.copyOfRange(xs, i * d, (i + 1) * d), Arrays.copyOfRange(ys, i * d, (i + 1) * d));
    }
    return out;
  }

  /** How far every row lies from the manifold. */
  public static double[] offManifold(Manifold m, INDArray x) {
    Checks.matrix(x, "x", -1, -1);
    int d = (int) x.columns();
    double[] xs = NdArrays.toDoubles(x);
    double[] out = new double[(int) x.rows()];
    for (int i = 0; i < out.length; i++) {
      out[i] = m.offManifold(Arrays.copyOfRange(xs, i * d, (i + 1) * d));
    }
    return out;
  }

  /**
   * Checks that every row of {@code x} lies within {@link #TOLERANCE} of the manifold.
   *
   * @throws IllegalArgumentException naming {@code what}, the first row off the manifold, the row and the distance
   */
  public static void requireOn(Manifold m, INDArray x, String what) {
    Checks.matrix(x, what, -1, -1);
    m.checkDim((int) x.columns());
    int d = (int) x.columns();
    double[] xs = NdArrays.toDoubles(x);
    for (int i = 0; i < x.rows(); i++) {
      double[] row = Arrays.copyOfRange(xs, i * d, (i + 1) * d);
      double off = m.offManifold(row);
      if (!(off <= TOLERANCE)) {
        throw new IllegalArgumentException(what + " row " + i + " = " + Arrays.toString(row) + " lies " + off
            + " off the " + m.name() + " (tolerance " + TOLERANCE + ")");
      }
    }
  }

  private static INDArray binary(INDArray a, String aName, INDArray b, String bName, Binary op) {
    Checks.matrix(a, aName, -1, -1);
    Checks.matrix(b, bName, a.rows(), a.columns());
    int n = (int) a.rows();
    int d = (int) a.columns();
    double[] as = NdArrays.toDoubles(a);
    double[] bs = NdArrays.toDoubles(b);
    double[] out = new double[n * d];
    double[] x = new double[d];
    double[] y = new double[d];
    double[] r = new double[d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(as, i * d, x, 0, d);
      System.arraycopy(bs, i * d, y, 0, d);
      op.apply(x, y, r);
      System.arraycopy(r, 0, out, i * d, d);
    }
    return NdArrays.matrix(out, n, d, a.dataType());
  }
}
