package org.flowmatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Every check names the argument and shows the value that failed, down to the position of a bad entry. */
class ChecksTest {

  private static void assertMessage(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void matrixNamesTheArgumentAndShape() {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 3);
    assertSame(x, Checks.matrix(x, "x", 4, 3));
    assertSame(x, Checks.matrix(x, "x", -1, -1));
    assertMessage("x must not be null", () -> Checks.matrix(null, "x", 4, 3));
    assertMessage("x must have shape [batch, 2], got [4, 3]", () -> Checks.matrix(x, "x", -1, 2));
    assertMessage("x must have shape [5, dim], got [4, 3]", () -> Checks.matrix(x, "x", 5, -1));
    assertMessage("x0 must have shape [4, 3], got [12]", () -> Checks.matrix(x.reshape(12), "x0", 4, 3));
    assertMessage("x must have shape [batch, dim], got [2, 2, 3]",
        () -> Checks.matrix(Nd4j.zeros(DataType.DOUBLE, 2, 2, 3), "x", -1, -1));
  }

  @Test
  void finiteReportsTheFirstBadEntryAndItsPosition() {
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 3, 2);
    x.putScalar(1, 0, Double.NaN);
    x.putScalar(2, 1, Double.POSITIVE_INFINITY);
    assertMessage("x must be finite, but holds NaN at [1, 0]", () -> Checks.finite(x, "x"));
    assertMessage("x must be finite, but holds NaN at [1, 0]", () -> Checks.finiteMatrix(x, "x", 3, 2));
    INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3);
    y.putScalar(0, 2, Float.NEGATIVE_INFINITY);
    assertMessage("y must be finite, but holds -Infinity at [0, 2]", () -> Checks.finite(y, "y"));
    INDArray v = Nd4j.zeros(DataType.DOUBLE, 5);
    v.putScalar(3, Double.NaN);
    assertMessage("v must be finite, but holds NaN at [3]", () -> Checks.finite(v, "v"));
    assertMessage("x must have shape [3, 3], got [3, 2]", () -> Checks.finiteMatrix(x, "x", 3, 3));
    INDArray ok = Nd4j.ones(DataType.DOUBLE, 3, 2);
    assertSame(ok, Checks.finiteMatrix(ok, "ok", 3, 2));
  }

  @Test
  void finiteReportsPositionsInTheArraysOwnIndicesWhateverItsLayout() {
    INDArray f = Nd4j.zeros(DataType.DOUBLE, 3, 2).dup('f');
    f.putScalar(2, 0, Double.NaN);
    assertMessage("f must be finite, but holds NaN at [2, 0]", () -> Checks.finite(f, "f"));
    INDArray big = Nd4j.zeros(DataType.DOUBLE, 4, 4);
    big.putScalar(2, 3, Double.NaN);
    INDArray view = big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 4));
    assertMessage("view must be finite, but holds NaN at [1, 1]", () -> Checks.finite(view, "view"));
  }

  @Test
  void timeColumnChecksShapeAndRange() {
    INDArray t = Nd4j.create(new double[] {0, 0.5, 1}, new long[] {3, 1}, DataType.DOUBLE);
    assertSame(t, Checks.timeColumn(t, "t", 3));
    assertMessage("t must have shape [4, 1], got [3, 1]", () -> Checks.timeColumn(t, "t", 4));
    assertMessage("t must have shape [3, 1], got [1, 3]", () -> Checks.timeColumn(t.reshape(1, 3), "t", 3));
    INDArray out = Nd4j.create(new double[] {0, 1.5, -0.25}, new long[] {3, 1}, DataType.DOUBLE);
    assertMessage("t must lie in [0, 1], got values in [-0.25, 1.5]", () -> Checks.timeColumn(out, "t", 3));
  }

  /** ND4J's minNumber and maxNumber skip NaN, so a range check built on them alone lets NaN through. */
  @Test
  void timeColumnRejectsNaN() {
    INDArray t = Nd4j.create(new double[] {0.5, Double.NaN, 0.5}, new long[] {3, 1}, DataType.DOUBLE);
    assertEquals(0.5, t.minNumber().doubleValue(), "what ND4J reports as the minimum");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checks.timeColumn(t, "t", 3));
    assertTrue(e.getMessage().startsWith("t must ") && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void scalarChecksShowTheValue() {
    assertEquals(0.25, Checks.time(0.25, "t"));
    assertMessage("t must lie in [0, 1], got 1.5", () -> Checks.time(1.5, "t"));
    assertMessage("t must lie in [0, 1], got -1.0E-9", () -> Checks.time(-1e-9, "t"));
    assertMessage("t must lie in [0, 1], got NaN", () -> Checks.time(Double.NaN, "t"));
    assertEquals(2.5, Checks.positive(2.5, "h"));
    assertMessage("h must be positive and finite, got 0.0", () -> Checks.positive(0.0, "h"));
    assertMessage("h must be positive and finite, got -3.0", () -> Checks.positive(-3.0, "h"));
    assertMessage("h must be positive and finite, got NaN", () -> Checks.positive(Double.NaN, "h"));
    assertMessage("h must be positive and finite, got Infinity",
        () -> Checks.positive(Double.POSITIVE_INFINITY, "h"));
    assertEquals(3, Checks.positive(3, "n"));
    assertMessage("n must be positive, got 0", () -> Checks.positive(0, "n"));
    assertMessage("n must be positive, got -2", () -> Checks.positive(-2, "n"));
    assertEquals(-1.5, Checks.finite(-1.5, "x"));
    assertMessage("x must be finite, got NaN", () -> Checks.finite(Double.NaN, "x"));
    assertMessage("x must be finite, got -Infinity", () -> Checks.finite(Double.NEGATIVE_INFINITY, "x"));
  }
}
