package org.flowmatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NdArraysTest {

  @Test
  void selectRowsPicksTheRowsInOrderFromViewsAndEitherType() {
    double[] values = new double[12 * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5 - 3;
    }
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray full = NdArrays.matrix(values, 12, 3, type);
      // A view that starts at row 2, and an f-order copy: the gather must follow the logical rows.
      INDArray view = full.get(NDArrayIndex.interval(2, 12), NDArrayIndex.all());
      for (INDArray x : new INDArray[] {full, view, full.dup('f')}) {
        int first = x == view ? 2 : 0;
        int[] pick = {3, 0, 3, 7, 1};
        INDArray picked = NdArrays.selectRows(x, pick);
        double[] got = NdArrays.toDoubles(picked);
        double[] expected = new double[pick.length * 3];
        for (int r = 0; r < pick.length; r++) {
          for (int c = 0; c < 3; c++) {
            expected[r * 3 + c] = (float) values[(pick[r] + first) * 3 + c];
          }
        }
        if (type == DataType.DOUBLE) {
          for (int r = 0; r < pick.length; r++) {
            for (int c = 0; c < 3; c++) {
              expected[r * 3 + c] = values[(pick[r] + first) * 3 + c];
            }
          }
        }
        assertArrayEquals(expected, got, 0.0, type + " " + x.ordering());
        assertArrayEquals(new long[] {pick.length, 3}, picked.shape());
      }
    }
    Nd4j.getExecutioner().commit();
  }

  /** Row-major entries whatever the layout: in place where contiguous, through a copy for views and f-order. */
  @Test
  void toFloatsReadsRowMajorFromContiguousArraysViewsAndColumnMajorMatrices() {
    float[] values = {1, 2, 3, 4, 5, 6};
    INDArray c = Nd4j.create(values, new long[] {2, 3}, 'c');
    assertArrayEquals(values, NdArrays.toFloats(c));
    assertNotNull(NdArrays.floatBuffer(c));
    INDArray f = c.dup('f');
    assertNull(NdArrays.floatBuffer(f), "f-order matrix: not addressable in place");
    assertArrayEquals(values, NdArrays.toFloats(f));
    INDArray view = c.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
    assertNull(NdArrays.floatBuffer(view), "a view");
    assertArrayEquals(new float[] {4, 5, 6}, NdArrays.toFloats(view));
    INDArray row = Nd4j.create(values, new long[] {1, 6}, 'f');
    assertNotNull(NdArrays.floatBuffer(row), "a row vector has one layout");
    assertArrayEquals(values, NdArrays.toFloats(row));
  }
}
