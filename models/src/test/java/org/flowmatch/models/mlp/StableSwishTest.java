package org.flowmatch.models.mlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Swish's derivative, s (1 + z (1 - s)), against the closed form in double, finite where libnd4j's is NaN. */
class StableSwishTest {
  static final double[] Z = {-800, -100, -44, -3, -0.5, 0, 0.5, 3, 44, 50, 100, 800};

  @Test
  void derivativeIsTheClosedFormAndFiniteEverywhere() {
    for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
      INDArray z = Nd4j.create(Z, new long[] {1, Z.length}, DataType.DOUBLE).castTo(type);
      INDArray epsilon = Nd4j.create(new double[] {1, 2, -1, 0.5, 3, 1, -2, 1, 1, 1, 0.25, 1},
          new long[] {1, Z.length}, DataType.DOUBLE).castTo(type);
      double[] got = new StableSwish().backprop(z.dup(), epsilon).getFirst().castTo(DataType.DOUBLE).toDoubleVector();
      double[] forward = new StableSwish().getActivation(z.dup(), true).castTo(DataType.DOUBLE).toDoubleVector();
      double[] eps = epsilon.castTo(DataType.DOUBLE).toDoubleVector();
      double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-14;
      for (int k = 0; k < Z.length; k++) {
        // sigmoid written so that neither branch overflows
        double s = Z[k] >= 0 ? 1 / (1 + Math.exp(-Z[k])) : Math.exp(Z[k]) / (1 + Math.exp(Z[k]));
        double derivative = s + Z[k] * s * (1 - s);
        assertTrue(Double.isFinite(got[k]), type + " z = " + Z[k]);
        assertEquals(eps[k] * derivative, got[k], tolerance * Math.max(1, Math.abs(eps[k] * derivative)),
            type + " derivative at z = " + Z[k]);
        assertEquals(Z[k] * s, forward[k], tolerance * Math.max(1, Math.abs(Z[k])), type + " swish at z = " + Z[k]);
      }
    }
  }

  /** The reason for the class: libnd4j's own derivative is NaN in float32 at z = 50 (if this fails, it was fixed). */
  @Test
  void libnd4jsOwnDerivativeOverflowsInFloat() {
    INDArray z = Nd4j.create(new float[] {50f}, new long[] {1, 1});
    double got = org.nd4j.linalg.activations.Activation.SWISH.getActivationFunction()
        .backprop(z, Nd4j.ones(DataType.FLOAT, 1, 1)).getFirst().getDouble(0);
    assertTrue(Double.isNaN(got), "libnd4j's swish derivative at 50 in float32: " + got);
  }
}
