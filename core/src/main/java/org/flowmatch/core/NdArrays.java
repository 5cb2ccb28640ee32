package org.flowmatch.core;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves batches between ND4J and plain Java arrays. Per-row bookkeeping (solver clocks, responsibilities,
 * assignments) is simpler and, for the small dimensions of flow matching studies, faster in Java loops than in
 * many small native ops; the heavy algebra stays in ND4J.
 */
public final class NdArrays {
  private NdArrays() {}

  /**
   * The entries of {@code x} in row-major order, as doubles: one bulk copy out of native memory for float32 and
   * float64 (the buffer's own {@code asDouble} reads element by element through an indexer, about 20 % of the
   * discrete sampler's time), exact widening for float32.
   */
  public static double[] toDoubles(INDArray x) {
    if (x.isEmpty()) {
      return new double[0];
    }
    if (x.dataType() == DataType.FLOAT) {
      float[] f = toFloats(x);
      double[] out = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        out[k] = f[k];
      }
      return out;
    }
    INDArray c = x.ordering() == 'c' && !x.isView() && x.data().length() == x.length() ? x : x.dup('c');
    if (c.dataType() == DataType.DOUBLE && c.offset() == 0) {
      double[] out = new double[(int) c.length()];
      c.data().asNioDouble().get(0, out, 0, out.length);
      return out;
    }
    return c.data().asDouble();
  }

  /** The entries of a float32 array in row-major order (one bulk copy out of native memory when contiguous). */
  public static float[] toFloats(INDArray x) {
    if (x.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("expected a float32 array, got " + x.dataType());
    }
    FloatBuffer live = floatBuffer(x);
    float[] out = new float[(int) x.length()];
    (live != null ? live : x.dup('c').data().asNioFloat()).get(0, out, 0, out.length);
    return out;
  }

  /**
   * The native memory of a float32 array whose entries lie contiguously in row-major order from its start, to read
   * or write in place; null for a view, an offset, another type or a column-major matrix (a row or column vector
   * has one layout in either order: DL4J's gradient view is an f-order row).
   */
  public static FloatBuffer floatBuffer(INDArray a) {
    if (a.isView() || a.offset() != 0 || (a.ordering() != 'c' && !a.isVector()) || a.dataType() != DataType.FLOAT) {
      return null;
    }
    return a.data().asNioFloat();
  }

  /** The rows of a matrix as Java arrays (one copy out of ND4J, then plain slicing). */
  public static double[][] rows(INDArray x) {
    double[] flat = toDoubles(x);
    int d = (int) x.columns();
    double[][] rows = new double[(int) x.rows()][d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(flat, i * d, rows[i], 0, d);
    }
    return rows;
  }

  /**
   * The rows {@code indexes} of a matrix, in that order, as a new c-order array: one native gather. ND4J's
   * {@code getRows} copies row by row through views and costs about 5 ms for 256 rows, as much as the exact OT
   * plan it follows in OT-CFM training (docs/performance.md).
   */
  public static INDArray selectRows(INDArray x, int[] indexes) {
    return Nd4j.pullRows(x, 1, indexes);
  }

  /** A new {@code [rows, cols]} array of type {@code type} holding {@code values} in row-major order. */
  public static INDArray matrix(double[] values, long rows, long cols, DataType type) {
    if (values.length != rows * cols) {
      throw new IllegalArgumentException("need " + rows * cols + " values for [" + rows + ", " + cols + "], got "
          + values.length);
    }
    long[] shape = {rows, cols};
    if (type == DataType.DOUBLE) {
      return Nd4j.create(values, shape, DataType.DOUBLE);
    }
    if (type == DataType.FLOAT) {
      return Nd4j.create(floats(values), shape, 'c');
    }
    return Nd4j.create(values, shape, DataType.DOUBLE).castTo(type);
  }

  /** {@code values} rounded to float, as every float32 array made from doubles here is. */
  public static float[] floats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  /** A column {@code [values.length, 1]} of type {@code type}. */
  public static INDArray column(double[] values, DataType type) {
    return matrix(values, values.length, 1, type);
  }

  /** A column {@code [rows, 1]} filled with {@code value}. */
  public static INDArray column(double value, long rows, DataType type) {
    return Nd4j.valueArrayOf(new long[] {rows, 1}, value, type);
  }
}
