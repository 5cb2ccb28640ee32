package org.flowmatch.experiments.metrics;

import org.flowmatch.core.Rng;
import org.flowmatch.models.classifier.MlpClassifier;

/**
 * Judges generated samples of labelled data with a classifier trained on the real training rows: how often the
 * classifier agrees with the class a sample was generated for ({@link ClassConsistency}), how far the samples'
 * penultimate-layer features are from those of real held-out rows ({@link FrechetDistance}, like FID), and how
 * varied each class is ({@link ClassSpread}, in data units). Trained once and then shared by every metric of an
 * evaluation; immutable.
 */
public final class ClassifierJudge {
  private final MlpClassifier classifier;
  private final int classes;
  private final double accuracy;
  private final double[][] realFeatures;
  private final double[] realSpread;

  private ClassifierJudge(MlpClassifier classifier, int classes, double accuracy, double[][] realFeatures,
      double[] realSpread) {
    this.classifier = classifier;
    this.classes = classes;
    this.accuracy = accuracy;
    this.realFeatures = realFeatures;
    this.realSpread = realSpread;
  }

  /**
   * Trains the classifier ({@link MlpClassifier.Spec#standard()}) on the training rows from {@code rng} and
   * measures it on the held-out rows, which are also the real reference of the Fréchet distance and the spread.
   */
  public static ClassifierJudge train(double[][] trainX, int[] trainY, double[][] heldOutX, int[] heldOutY,
      int classes, Rng rng) {
    MlpClassifier c = MlpClassifier.train(trainX, trainY, classes, MlpClassifier.Spec.standard(), rng);
    return new ClassifierJudge(c, classes, c.accuracy(heldOutX, heldOutY), c.features(heldOutX),
        ClassSpread.perClass(heldOutX, heldOutY, classes));
  }

  /** The classifier's accuracy on the held-out rows: the ceiling of any class consistency it measures. */
  public double heldOutAccuracy() {
    return accuracy;
  }

  public int classes() {
    return classes;
  }

  public MlpClassifier classifier() {
    return classifier;
  }

  /** The class consistency of samples generated for the classes {@code intended}. */
  public ClassConsistency consistency(double[][] samples, int[] intended) {
    return ClassConsistency.of(intended, classifier.predict(samples), classes);
  }

  /** The squared Fréchet distance between the classifier features of the samples and of the held-out rows. */
  public double frechet(double[][] samples) {
    return FrechetDistance.of(classifier.features(samples), realFeatures);
  }

  /** The per-class spread of the samples (data units), by the class each was generated for. */
  public double[] spread(double[][] samples, int[] intended) {
    return ClassSpread.perClass(samples, intended, classes);
  }

  /** The per-class spread of the held-out rows. */
  public double[] realSpread() {
    return realSpread.clone();
  }

  /** The samples' spread over the real spread, averaged over classes: 1 as varied as the data, below 1 less. */
  public double spreadRatio(double[][] samples, int[] intended) {
    return ClassSpread.ratio(spread(samples, intended), realSpread);
  }
}
