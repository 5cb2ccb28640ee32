package org.flowmatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Conditions, their network features, and the normalization of file data, against hand-computed values. */
class ConditionsTest {

  @Test
  void labelsSelectDropStackAndBecomeOneHotFeatures() {
    Conditions c = Conditions.labels(new int[] {2, 0, Conditions.NONE, 1}, 3);
    assertArrayEquals(new int[] {1, 2}, c.rows(new int[] {3, 0}).labels());
    assertArrayEquals(new int[] {2, Conditions.NONE, Conditions.NONE, 1},
        c.drop(new boolean[] {false, true, false, false}).labels());
    Conditions stacked = c.concat(Conditions.none(2));
    assertArrayEquals(new int[] {2, 0, Conditions.NONE, 1, Conditions.NONE, Conditions.NONE}, stacked.labels());
    double[] features = new double[5];
    c.writeFeatures(0, Conditioning.classes(3), features, 1);
    assertArrayEquals(new double[] {0, 0, 0, 1, 0}, features);
    c.writeFeatures(2, Conditioning.classes(3), features, 1);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0}, features, "none is all zeros");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Conditions.labels(new int[] {0, 3}, 3));
    assertEquals("label of row 1 must lie in 0..2 (or be -1 for none), got 3", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.writeFeatures(0, Conditioning.classes(4), features, 0));
  }

  @Test
  void vectorsCarryAPresenceFlagSoThatADroppedZeroDiffersFromAPresentZero() {
    Conditions c = Conditions.vectors(new double[] {0, 0, 1.5, -2}, 2, new boolean[] {true, true});
    double[] f = new double[3];
    c.writeFeatures(0, Conditioning.vectors(2), f, 0);
    assertArrayEquals(new double[] {0, 0, 1}, f);
    c.drop(new boolean[] {true, false}).writeFeatures(0, Conditioning.vectors(2), f, 0);
    assertArrayEquals(new double[] {0, 0, 0}, f);
    c.writeFeatures(1, Conditioning.vectors(2), f, 0);
    assertArrayEquals(new double[] {1.5, -2, 1}, f);
    assertFalse(c.drop(new boolean[] {false, true}).present(1));
    assertTrue(c.concat(Conditions.none(1)).present(1));
    assertFalse(c.concat(Conditions.none(1)).present(2));
    assertThrows(IllegalArgumentException.class,
        () -> Conditions.vectors(new double[] {Double.NaN, 0}, 2, new boolean[] {true}));
  }

  @Test
  void conditioningRoundTripsThroughItsText() {
    for (Conditioning c : new Conditioning[] {Conditioning.NONE, Conditioning.classes(10), Conditioning.vectors(3)}) {
      assertEquals(c, Conditioning.parse(c.toString()));
    }
    assertEquals(10, Conditioning.classes(10).featureWidth());
    assertEquals(4, Conditioning.vectors(3).featureWidth());
    assertThrows(IllegalArgumentException.class, () -> Conditioning.parse("classes:x"));
  }

  @Test
  void normalizationFitsAppliesUndoesAndRoundTripsItsBits() {
    // Columns {1, 3} and {2, 2, 8} flattened as rows (1, 2), (3, 2): column 0 mean 2, std 1; column 1 constant.
    double[] x = {1, 2, 3, 2};
    Normalization standard = Normalization.fit(Normalization.Kind.STANDARD, x, 2, 2);
    assertArrayEquals(new double[] {2, 2}, standard.shift());
    assertArrayEquals(new double[] {1, 1}, standard.scale(), "a constant column keeps scale 1");
    Normalization minmax = Normalization.fit(Normalization.Kind.MINMAX, new double[] {-1, 10, 3, 30}, 2, 2);
    assertArrayEquals(new double[] {1, 20}, minmax.shift());
    assertArrayEquals(new double[] {2, 10}, minmax.scale());
    INDArray points = NdArrays.matrix(new double[] {-1, 10, 3, 30, 0.1, 1e-3}, 3, 2, DataType.DOUBLE);
    assertArrayEquals(new double[] {-1, -1, 1, 1, -0.45, -1.9999}, NdArrays.toDoubles(minmax.apply(points)),
        1e-15);
    assertArrayEquals(NdArrays.toDoubles(points), NdArrays.toDoubles(minmax.undo(minmax.apply(points))), 1e-12);
    assertEquals(-Math.log(2) - Math.log(10), minmax.logJacobian(), 1e-15);
    Normalization odd = new Normalization(Normalization.Kind.STANDARD, new double[] {0.1, -1e-300},
        new double[] {Math.PI, 7e10});
    assertEquals(odd, Normalization.parse(odd.toString()));
    assertThrows(IllegalArgumentException.class, () -> Normalization.parse("standard;1;x"));
  }
}
