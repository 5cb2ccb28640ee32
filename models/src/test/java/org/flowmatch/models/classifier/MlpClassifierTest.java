package org.flowmatch.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The digits classifier learns its task, is fixed by its seed, and exposes consistent features. */
class MlpClassifierTest {

  private static DigitsFixture digits;
  private static MlpClassifier classifier;

  @BeforeAll
  static void train() {
    digits = DigitsFixture.get();
    classifier = MlpClassifier.train(digits.trainX, digits.trainY, 10, MlpClassifier.Spec.standard(),
        Rng.seeded(11));
  }

  @Test
  void classifiesHeldOutDigits() {
    double accuracy = classifier.accuracy(digits.testX, digits.testY);
    System.out.printf("digits classifier: held-out accuracy %.4f on %d rows (trained on %d)%n", accuracy,
        digits.testY.length, digits.trainY.length);
    // Published MLPs on this set reach about 0.97; chance is 0.1.
    assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
  }

  @Test
  void theSeedFixesTheTrainedNetwork() {
    MlpClassifier again = MlpClassifier.train(digits.trainX, digits.trainY, 10, MlpClassifier.Spec.standard(),
        Rng.seeded(11));
    double[][] a = classifier.probabilities(digits.testX);
    double[][] b = again.probabilities(digits.testX);
    for (int i = 0; i < a.length; i++) {
      assertArrayEquals(a[i], b[i], 0.0, "row " + i);
    }
    MlpClassifier other = MlpClassifier.train(digits.trainX, digits.trainY, 10,
        new MlpClassifier.Spec(new int[] {128, 64}, 1, 64, 1e-3), Rng.seeded(12));
    assertTrue(other.probabilities(digits.testX)[0][0] != a[0][0], "another seed, another network");
  }

  @Test
  void featuresAreTheLastHiddenLayerAndProbabilitiesSumToOne() {
    double[][] f = classifier.features(digits.testX);
    assertEquals(digits.testX.length, f.length);
    assertEquals(64, f[0].length);
    assertEquals(64, classifier.featureDim());
    for (double[] row : f) {
      for (double v : row) {
        assertTrue(v >= 0, "ReLU features are non-negative");
      }
    }
    for (double[] p : classifier.probabilities(digits.testX)) {
      double s = 0;
      for (double v : p) {
        s += v;
      }
      assertEquals(1.0, s, 1e-5);
    }
  }

  @Test
  void rejectsLabelsOutOfRangeAndRaggedRows() {
    double[][] x = {{0, 1}, {1, 0}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlpClassifier.train(x, new int[] {0, 2}, 2, MlpClassifier.Spec.standard(), Rng.seeded(1)));
    assertEquals("y[1] must be in [0, 2), got 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MlpClassifier.train(new double[][] {{0, 1}, {1}},
        new int[] {0, 1}, 2, MlpClassifier.Spec.standard(), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("row 1 has 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> classifier.predict(new double[][] {{1, 2, 3}}));
    assertEquals("the classifier takes 64 inputs, got rows of 3", e.getMessage());
  }
}
