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

  /** Drawing straight into float32 gives the double draws rounded, and leaves the generator where they leave it. */
  @Test
  void typedSamplesAreTheDoubleSamplesRounded() {
    StandardGaussian source = new StandardGaussian(3);
    Rng a = Rng.seeded(5);
    Rng b = Rng.seeded(5);
    INDArray typed = source.sample(301, a, DataType.FLOAT);
    INDArray rounded = source.sample(301, b).castTo(DataType.FLOAT);
    assertEquals(DataType.FLOAT, typed.dataType());
    org.junit.jupiter.api.Assertions.assertArrayEquals(rounded.data().asFloat(), typed.data().asFloat());
    assertEquals(b.nextLong(), a.nextLong(), "the same draws were used");
  }
}
