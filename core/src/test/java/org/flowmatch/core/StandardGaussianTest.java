package org.flowmatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StandardGaussianTest {

  @Test
  void logDensityIsTheClosedForm() {
    StandardGaussian g = new StandardGaussian(3);
    INDArray x = Nd4j.create(new double[][] {{0, 0, 0}, {1, -2, 0.5}});
    INDArray lp = g.logDensity(x);
    double c = -1.5 * Math.log(2 * Math.PI);
    assertEquals(c, lp.getDouble(0, 0), 1e-15);
    assertEquals(c - 0.5 * (1 + 4 + 0.25), lp.getDouble(1, 0), 1e-15);
  }

  @Test
  void wrongShapeNamesTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StandardGaussian(2).logDensity(Nd4j.zeros(DataType.DOUBLE, 4, 3)));
    assertTrue(e.getMessage().contains("x must have shape [batch, 2], got [4, 3]"), e.getMessage());
  }
}
