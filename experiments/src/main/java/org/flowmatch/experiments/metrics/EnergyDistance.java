package org.flowmatch.experiments.metrics;

/**
 * The energy distance of Székely and Rizzo (J. Stat. Plan. Inference 143, 2013, "Energy statistics: a class of
 * statistics based on distances"), D^2(X, Y) = 2 E|X - Y| - E|X - X'| - E|Y - Y'|, which is 0 exactly when X and
 * Y have the same law and, unlike MMD, has no bandwidth.
 *
 * <p>Estimated without bias: the cross term averages all m n pairs and the within-sample terms average the pairs
 * i != j (U-statistics), not all pairs with the zero diagonal (the V-statistic, biased upward by E|X - X'| / m +
 * E|Y - Y'| / n). So two samples of one law give values scattered around 0, possibly negative, and two point
 * masses at p and q (any number of copies each) give exactly 2 |p - q|. It is MMD_u^2 with the kernel -|x - y|,
 * computed with the same jackknife standard error as {@link Mmd}.
 */
public final class EnergyDistance {
  private EnergyDistance() {}

  /**
   * The U-statistic estimate of 2 E|X - Y| - E|X - X'| - E|Y - Y'|.
   *
   * @throws IllegalArgumentException if a set holds fewer than 2 points or a non-finite value, or the dimensions
   *     differ
   */
  public static double of(double[][] a, double[][] b) {
    return estimate(a, b).value();
  }

  /** {@link #of} with its jackknife standard error (NaN unless both sets hold at least 3 points). */
  public static Estimate estimate(double[][] a, double[][] b) {
    int d = PointSets.sameDim(a, "a", b, "b");
    PointSets.atLeast(a, "a", 2, "for the within-sample term E|X - X'|");
    PointSets.atLeast(b, "b", 2, "for the within-sample term E|Y - Y'|");
    TwoSampleStatistic.KernelBank distance = new TwoSampleStatistic.KernelBank() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public void evaluate(double squaredDistance, double[] out) {
        out[0] = -Math.sqrt(squaredDistance);
      }
    };
    return TwoSampleStatistic.compute(PointSets.flatten(a, d), a.length, PointSets.flatten(b, d), b.length, d,
        distance)[0].estimate();
  }
}
