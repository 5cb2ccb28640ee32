package org.flowmatch.models.data;

import java.util.Arrays;
import org.flowmatch.models.GaussianMixture;

/**
 * The toy datasets that are Gaussian mixtures, so that they keep an exact density, velocity and likelihood.
 *
 * <p>{@link #fourClusters()}: four equal clusters at (2, 2), (-2, 2), (-2, -2), (2, -2) with std 0.3, the example
 * of the article this project comes from.
 *
 * <p>{@link #eightGaussians()}: torchcfm's {@code sample_8gaussians(n)} ({@code torchcfm/utils.py}), that is
 * {@code eight_normal_sample(n, 2, scale=5, var=0.1)}: equal weights on the centres 5 (1, 0), 5 (-1, 0), 5 (0, 1),
 * 5 (0, -1), 5 (1, 1)/sqrt 2, 5 (1, -1)/sqrt 2, 5 (-1, 1)/sqrt 2, 5 (-1, -1)/sqrt 2 (its order), with noise from
 * {@code MultivariateNormal(0, sqrt(var) I)}: the covariance is sqrt(0.1) I = 0.316 I, so the std is
 * 0.1^(1/4) = 0.562, not sqrt(0.1). (FFJORD's {@code 8gaussians} differs: radius 4 / 1.414, std 0.5 / 1.414.)
 */
public final class GaussianDatasets {
  private GaussianDatasets() {}

  /** The four clusters, named {@code four-clusters}. */
  public static GaussianMixture fourClusters() {
    return new GaussianMixture("four-clusters", new double[] {1, 1, 1, 1},
        new double[][] {{2, 2}, {-2, 2}, {-2, -2}, {2, -2}}, new double[] {0.3, 0.3, 0.3, 0.3});
  }

  /** torchcfm's eight Gaussians, named {@code eight-gaussians}. */
  public static GaussianMixture eightGaussians() {
    double r = 5;
    double d = r / Math.sqrt(2);
    double[][] means = {{r, 0}, {-r, 0}, {0, r}, {0, -r}, {d, d}, {d, -d}, {-d, d}, {-d, -d}};
    double[] weights = new double[8];
    double[] stds = new double[8];
    Arrays.fill(weights, 1);
    Arrays.fill(stds, Math.pow(0.1, 0.25));
    return new GaussianMixture("eight-gaussians", weights, means, stds);
  }
}
