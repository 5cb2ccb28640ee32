package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge on real digits: held-out rows passed off as samples score the classifier's own accuracy, Fréchet
 * distance 0 and spread ratio 1; blurred, collapsed or mislabelled "samples" score worse on the metric that should
 * catch them.
 */
class ClassifierJudgeTest {

  private static double[][] trainX;
  private static int[] trainY;
  private static double[][] testX;
  private static int[] testY;
  private static ClassifierJudge judge;

  @BeforeAll
  static void train() {
    DigitsSplit d = DigitsSplit.get();
    trainX = d.trainX;
    trainY = d.trainY;
    testX = d.testX;
    testY = d.testY;
    judge = ClassifierJudge.train(trainX, trainY, testX, testY, 10, Rng.seeded(4));
  }

  @Test
  void realHeldOutRowsScoreTheClassifiersAccuracyZeroDistanceAndFullSpread() {
    assertTrue(judge.heldOutAccuracy() >= 0.95, "accuracy " + judge.heldOutAccuracy());
    assertEquals(judge.heldOutAccuracy(), judge.consistency(testX, testY).overall(), 0.0);
    assertEquals(0, judge.frechet(testX), 1e-6);
    assertEquals(1, judge.spreadRatio(testX, testY), 1e-12);
  }

  @Test
  void eachMetricCatchesItsFailure() {
    // Training rows are other real digits: a small distance, the reference for the failures below.
    double real = judge.frechet(trainX);
    // Mislabelled: every sample claimed for the next class.
    int[] shifted = new int[testY.length];
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] = (testY[i] + 1) % 10;
    }
    assertTrue(judge.consistency(testX, shifted).overall() < 0.05);
    // Collapsed: every sample of a class is that class's mean image; consistency may stay high, spread cannot.
    double[][] means = new double[10][64];
    int[] count = new int[10];
    for (int i = 0; i < testX.length; i++) {
      count[testY[i]]++;
      for (int j = 0; j < 64; j++) {
        means[testY[i]][j] += testX[i][j];
      }
    }
    double[][] collapsed = new double[testX.length][];
    for (int i = 0; i < testX.length; i++) {
      collapsed[i] = new double[64];
      for (int j = 0; j < 64; j++) {
        collapsed[i][j] = means[testY[i]][j] / count[testY[i]];
      }
    }
    assertEquals(0, judge.spreadRatio(collapsed, testY), 1e-12);
    // Noisy: pixels blurred by noise of 4 grey levels move the features far more than other real digits.
    Rng rng = Rng.seeded(8);
    double[][] noisy = new double[testX.length][64];
    for (int i = 0; i < testX.length; i++) {
      for (int j = 0; j < 64; j++) {
        noisy[i][j] = testX[i][j] + 4 * rng.nextGaussian();
      }
    }
    double blurred = judge.frechet(noisy);
    System.out.printf("Fréchet distance to held-out features: training rows %.3f, noisy rows %.3f, means %.3f%n",
        real, blurred, judge.frechet(collapsed));
    assertTrue(blurred > 5 * real, "noisy " + blurred + " against real " + real);
    assertTrue(judge.frechet(collapsed) > 3 * real);
  }
}
