package org.flowmatch.core.eval;

/**
 * Samples generated for known classes, and the labelled rows of the data, all in the units of the data file: what a
 * metric needs to train a classifier on real data and judge the samples with it. Arrays are shared: read them, never
 * write them.
 *
 * @param classes the number of classes; labels lie in 0 .. classes - 1
 * @param samples the model's samples, one row each
 * @param sampleLabels the class each sample was generated for
 * @param train the training rows
 * @param trainLabels their classes
 * @param heldOut the held-out rows (never trained on)
 * @param heldOutLabels their classes
 */
public record LabelledSamples(int classes, double[][] samples, int[] sampleLabels, double[][] train,
    int[] trainLabels, double[][] heldOut, int[] heldOutLabels) {

  public LabelledSamples {
    if (classes < 2) {
      throw new IllegalArgumentException("labelled samples need at least 2 classes, got " + classes);
    }
    same(samples.length, sampleLabels.length, "samples");
    same(train.length, trainLabels.length, "training rows");
    same(heldOut.length, heldOutLabels.length, "held-out rows");
  }

  private static void same(int rows, int labels, String what) {
    if (rows != labels) {
      throw new IllegalArgumentException(rows + " " + what + " but " + labels + " labels");
    }
  }
}
