package org.flowmatch.experiments.metrics;

/**
 * How often a classifier assigns generated samples the class they were generated for: overall and per class. A
 * conditional model whose samples are judged by a classifier of held-out accuracy a cannot be credited with more
 * than about a, so the two are reported together.
 *
 * @param overall the fraction of all samples whose predicted class is the intended one
 * @param perClass that fraction among the samples intended for each class; NaN for a class with no sample
 */
public record ClassConsistency(double overall, double[] perClass) {

  public ClassConsistency {
    perClass = perClass.clone();
  }

  @Override
  public double[] perClass() {
    return perClass.clone();
  }

  /**
   * The consistency of predicted against intended labels, both in {0, ..., classes - 1}.
   *
   * @throws IllegalArgumentException if the arrays are empty, differ in length or hold a label out of range
   */
  public static ClassConsistency of(int[] intended, int[] predicted, int classes) {
    if (intended.length == 0 || intended.length != predicted.length) {
      throw new IllegalArgumentException("intended and predicted must hold the same positive number of labels, got "
          + intended.length + " and " + predicted.length);
    }
    int[] right = new int[classes];
    int[] total = new int[classes];
    int all = 0;
    for (int i = 0; i < intended.length; i++) {
      check(intended[i], classes, "intended", i);
      check(predicted[i], classes, "predicted", i);
      total[intended[i]]++;
      if (predicted[i] == intended[i]) {
        right[intended[i]]++;
        all++;
      }
    }
    double[] per = new double[classes];
    for (int k = 0; k < classes; k++) {
      per[k] = total[k] == 0 ? Double.NaN : (double) right[k] / total[k];
    }
    return new ClassConsistency((double) all / intended.length, per);
  }

  private static void check(int label, int classes, String name, int i) {
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException(name + "[" + i + "] must be in [0, " + classes + "), got " + label);
    }
  }
}
