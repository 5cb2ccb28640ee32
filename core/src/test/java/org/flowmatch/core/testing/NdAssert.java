package org.flowmatch.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Assertions on ND4J arrays that report the worst entry, for tests across the modules. */
public final class NdAssert {
  private NdAssert() {}

  /** Same shape and every entry within {@code tol} of the expected one (absolute). */
  public static void assertClose(INDArray expected, INDArray actual, double tol) {
    assertClose(expected, actual, tol, "");
  }

  public static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
    double[] e = expected.dup().data().asDouble();
    double[] a = actual.dup().data().asDouble();
    int worst = -1;
    double worstErr = 0;
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs(e[i] - a[i]);
      if (!(err <= worstErr) || Double.isNaN(a[i]) != Double.isNaN(e[i])) {
        worstErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
        worst = i;
      }
    }
    if (worst >= 0 && worstErr > tol) {
      fail(what + " differs by " + worstErr + " > " + tol + " at flat index " + worst + ": expected " + e[worst]
          + ", got " + a[worst] + " (shape " + Arrays.toString(expected.shape()) + ")");
    }
  }

  /** The largest absolute entry-wise difference. */
  public static double maxAbsDiff(INDArray expected, INDArray actual) {
    return expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue();
  }
}
