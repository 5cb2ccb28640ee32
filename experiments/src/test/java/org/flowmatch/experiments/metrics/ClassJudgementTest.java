package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Class consistency and per-class spread against hand counts. */
class ClassJudgementTest {

  @Test
  void consistencyCountsOverallAndPerClass() {
    int[] intended = {0, 0, 0, 0, 1, 1, 2};
    int[] predicted = {0, 0, 1, 0, 1, 2, 2};
    ClassConsistency c = ClassConsistency.of(intended, predicted, 4);
    assertEquals(5.0 / 7, c.overall(), 1e-15);
    assertArrayEquals(new double[] {0.75, 0.5, 1, Double.NaN}, c.perClass(), 1e-15);
  }

  @Test
  void consistencyRejectsLabelsOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassConsistency.of(new int[] {0, 1}, new int[] {0, 3}, 3));
    assertEquals("predicted[1] must be in [0, 3), got 3", e.getMessage());
  }

  /** Class 0: (0,0), (2,0) around (1,0): spread 1; class 1: (0,0), (0,6), (0,3) around (0,3): sqrt(18/3). */
  @Test
  void spreadIsTheRootMeanSquaredDistanceToTheClassMean() {
    double[][] x = {{0, 0}, {0, 0}, {2, 0}, {0, 6}, {0, 3}};
    int[] labels = {0, 1, 0, 1, 1};
    assertArrayEquals(new double[] {1, Math.sqrt(6), Double.NaN}, ClassSpread.perClass(x, labels, 3), 1e-15);
  }

  @Test
  void spreadRatioAveragesOverClassesPresentInBoth() {
    assertEquals((0.5 + 2) / 2, ClassSpread.ratio(new double[] {1, 4, Double.NaN, 1},
        new double[] {2, 2, 3, 0}), 1e-15);
    assertEquals(Double.NaN, ClassSpread.ratio(new double[] {Double.NaN}, new double[] {1}));
  }
}
