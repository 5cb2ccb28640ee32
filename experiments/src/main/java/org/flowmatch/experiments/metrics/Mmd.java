package org.flowmatch.experiments.metrics;

import org.apache.commons.math3.util.KthSelector;

/**
 * The squared maximum mean discrepancy with Gaussian kernels k_h(x, y) = exp(-|x - y|^2 / (2 h^2)), by the
 * unbiased U-statistic of Gretton, Borgwardt, Rasch, Schölkopf and Smola (JMLR 13, 2012, "A kernel two-sample
 * test", eq. 3):
 *
 * <pre>
 * MMD_u^2 = 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j)
 *           - 2/(mn) sum_{i,j} k(x_i, y_j).
 * </pre>
 *
 * <p>Why these choices: the Gaussian kernel is characteristic, so MMD^2 = 0 only for equal laws; the U-statistic
 * is unbiased, so two samples of one law give values scattered around 0 (possibly negative) rather than a
 * positive bias that shrinks with n and would make runs of different sizes incomparable. One bandwidth sees one
 * scale only, so by default five are used, the median pairwise distance of the pooled sample (Gretton et al.'s
 * heuristic) times 1/4, 1/2, 1, 2 and 4, and each is reported together with the statistic of their sum (itself
 * a characteristic kernel, as in the multi-bandwidth losses of Li, Swersky and Zemel 2015), which needs no choice
 * of scale. Each value carries a two-sample jackknife standard error (Arvesen 1969), whose m + n leave-one-out
 * values follow in closed form from per-point kernel row sums; by the Efron-Stein inequality it is conservative on
 * average, also for equal laws, where the statistic is degenerate. Cost: one pass over the (m + n)^2 pairs with
 * one exponential per bandwidth; about half a second for m = n = 2000 and five bandwidths on two cores.
 */
public final class Mmd {
  /** The default bandwidths are the median pairwise distance times these. */
  private static final double[] MEDIAN_SCALES = {0.25, 0.5, 1, 2, 4};
  /** The median heuristic uses all pairs of at most this many pooled points (8.4 million distances, 64 MB). */
  static final int MEDIAN_POINTS = 4096;

  private Mmd() {}

  /**
   * MMD^2 at each bandwidth and for the summed kernel.
   *
   * @param bandwidths the bandwidths h, in the order of {@code perBandwidth}
   * @param perBandwidth MMD_u^2 with kernel k_h for each h
   * @param summed MMD_u^2 with kernel sum_h k_h, which equals the sum of {@code perBandwidth}
   */
  public record Result(double[] bandwidths, Estimate[] perBandwidth, Estimate summed) {
    public Result {
      bandwidths = bandwidths.clone();
      perBandwidth = perBandwidth.clone();
    }

    @Override
    public double[] bandwidths() {
      return bandwidths.clone();
    }

    @Override
    public Estimate[] perBandwidth() {
      return perBandwidth.clone();
    }
  }

  /**
   * MMD_u^2 at the median pairwise distance of the pooled sample times 1/4, 1/2, 1, 2 and 4.
   *
   * @throws IllegalArgumentException if a set holds fewer than 2 points or a non-finite value, the dimensions
   *     differ, or the median pairwise distance is 0 (more than half the pairs coincide: pass bandwidths)
   */
  public static Result squared(double[][] a, double[][] b) {
    double median = medianPairwiseDistance(a, b);
    if (!(median > 0)) {
      throw new IllegalArgumentException("the median pairwise distance of a and b is 0, so it gives no bandwidth;"
          + " pass bandwidths explicitly");
    }
    double[] h = new double[MEDIAN_SCALES.length];
    for (int q = 0; q < h.length; q++) {
      h[q] = median * MEDIAN_SCALES[q];
    }
    return squared(a, b, h);
  }

  /**
   * MMD_u^2 at the given bandwidths.
   *
   * @throws IllegalArgumentException if a set holds fewer than 2 points or a non-finite value, the dimensions
   *     differ, or no bandwidth is given or one is not positive and finite
   */
  public static Result squared(double[][] a, double[][] b, double... bandwidths) {
    int d = PointSets.sameDim(a, "a", b, "b");
    PointSets.atLeast(a, "a", 2, "for an unbiased estimate");
    PointSets.atLeast(b, "b", 2, "for an unbiased estimate");
    if (bandwidths == null || bandwidths.length == 0) {
      throw new IllegalArgumentException("bandwidths must hold at least one bandwidth");
    }
    double[] coefficient = new double[bandwidths.length];
    for (int q = 0; q < bandwidths.length; q++) {
      double h = bandwidths[q];
      if (!(h > 0) || Double.isInfinite(h)) {
        throw new IllegalArgumentException("bandwidths[" + q + "] must be positive and finite, got " + h);
      }
      coefficient[q] = 1 / (2 * h * h);
    }
    TwoSampleStatistic.KernelBank gaussians = new TwoSampleStatistic.KernelBank() {
      @Override
      public int size() {
        return coefficient.length;
      }

      @Override
      public void evaluate(double squaredDistance, double[] out) {
        for (int q = 0; q < coefficient.length; q++) {
          out[q] = Math.exp(-squaredDistance * coefficient[q]);
        }
      }
    };
    TwoSampleStatistic.Value[] values = TwoSampleStatistic.compute(PointSets.flatten(a, d), a.length,
        PointSets.flatten(b, d), b.length, d, gaussians);
    Estimate[] per = new Estimate[values.length];
    for (int q = 0; q < values.length; q++) {
      per[q] = values[q].estimate();
    }
    return new Result(bandwidths, per, TwoSampleStatistic.Value.sum(values).estimate());
  }

  /**
   * The median of |z_i - z_j| over pairs {@code i < j} of the pooled sample z = (a, b): the scale at which a Gaussian
   * kernel separates typical points. Above 4096 pooled points it uses the pairs of an evenly
   * strided subset of that many, to bound memory; for an even number of pairs it is the mean of the two middle
   * distances.
   *
   * @throws IllegalArgumentException if a set is empty or holds a non-finite value, the dimensions differ, or the
   *     pooled sample holds fewer than 2 points
   */
  public static double medianPairwiseDistance(double[][] a, double[][] b) {
    int d = PointSets.sameDim(a, "a", b, "b");
    int total = a.length + b.length;
    if (total < 2) {
      throw new IllegalArgumentException("a and b must hold at least 2 points together, got " + total);
    }
    int count = Math.min(total, MEDIAN_POINTS);
    double[] z = new double[count * d];
    for (int s = 0; s < count; s++) {
      int i = (int) ((long) s * total / count);
      System.arraycopy(i < a.length ? a[i] : b[i - a.length], 0, z, s * d, d);
    }
    int pairs = count * (count - 1) / 2;
    double[] distances = new double[pairs];
    int at = 0;
    for (int i = 0; i < count; i++) {
      for (int j = i + 1; j < count; j++) {
        distances[at++] = Math.sqrt(PointSets.squaredDistance(z, i, z, j, d));
      }
    }
    KthSelector selector = new KthSelector();
    double upper = selector.select(distances, null, pairs / 2);
    if (pairs % 2 == 1) {
      return upper;
    }
    return (selector.select(distances, null, pairs / 2 - 1) + upper) / 2;
  }
}
