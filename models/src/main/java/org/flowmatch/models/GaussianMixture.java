package org.flowmatch.models;

import java.util.Arrays;
import org.flowmatch.core.Checks;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mixture of K isotropic Gaussians on R^d: p(x) = sum_k w_k N(x; mu_k, s_k^2 I).
 *
 * <p>The weights given to the constructor need only be positive: they are divided by their sum, and
 * {@link #weights()} returns the normalised ones. Instances are immutable (every array is copied in and out).
 * A mixture carries a name ({@code gaussian-mixture} unless given one), so that a registered dataset such as
 * {@code four-clusters} can be a mixture and keep its closed-form density.
 *
 * <p>Sampling is exact. For each row, in order, it draws one {@link Rng#nextDouble()} to pick the component by
 * inverse CDF over the normalised weights (component 0 first), then {@code d} {@link Rng#nextGaussian()}s for the
 * coordinates: x = mu_k + s_k z. That order is part of the contract, since it fixes every sample of a seed.
 */
public final class GaussianMixture implements Distribution {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final String name;
  private final double[] weights;
  private final double[][] means;
  private final double[] stds;
  private final int dim;
  /** Running sums of the weights, the last set to exactly 1 so that every u in [0, 1) picks a component. */
  private final double[] cumulative;
  /** log w_k - (d/2) log(2 pi s_k^2): the part of each component's log-density that does not depend on x. */
  private final double[] logNormaliser;

  /**
   * A mixture named {@code gaussian-mixture}.
   *
   * @param weights K positive weights, normalised by their sum
   * @param means K means of d coordinates each
   * @param stds K positive standard deviations, one per component (isotropic)
   * @throws IllegalArgumentException naming the argument, index and value of any invalid entry
   */
  public GaussianMixture(double[] weights, double[][] means, double[] stds) {
    this("gaussian-mixture", weights, means, stds);
  }

  /**
   * A mixture with the given {@link #name()}; the other arguments as in
   * {@link #GaussianMixture(double[], double[][], double[])}.
   */
  public GaussianMixture(String name, double[] weights, double[][] means, double[] stds) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
    }
    this.name = name;
    if (weights == null || means == null || stds == null) {
      throw new IllegalArgumentException((weights == null ? "weights" : means == null ? "means" : "stds")
          + " must not be null");
    }
    int k = weights.length;
    if (k == 0) {
      throw new IllegalArgumentException("weights must hold at least one component, got none");
    }
    if (means.length != k) {
      throw new IllegalArgumentException("means has " + means.length + " rows, expected " + k + " (one per weight)");
    }
    if (stds.length != k) {
      throw new IllegalArgumentException("stds has " + stds.length + " entries, expected " + k + " (one per weight)");
    }
    if (means[0] == null || means[0].length == 0) {
      throw new IllegalArgumentException("means[0] must hold at least one coordinate");
    }
    this.dim = means[0].length;
    double sum = 0;
    for (int i = 0; i < k; i++) {
      if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("weights[" + i + "] must be positive and finite, got " + weights[i]);
      }
      if (!(stds[i] > 0)) {
        throw new IllegalArgumentException("stds[" + i + "] must be positive, got " + stds[i]);
      }
      if (Double.isInfinite(stds[i])) {
        throw new IllegalArgumentException("stds[" + i + "] must be finite, got " + stds[i]);
      }
      if (means[i] == null || means[i].length != dim) {
        throw new IllegalArgumentException("means[" + i + "] has " + (means[i] == null ? "no" : means[i].length)
            + " coordinates, expected " + dim);
      }
      for (int j = 0; j < dim; j++) {
        if (!Double.isFinite(means[i][j])) {
          throw new IllegalArgumentException("means[" + i + "][" + j + "] must be finite, got " + means[i][j]);
        }
      }
      sum += weights[i];
    }
    if (Double.isInfinite(sum)) {
      throw new IllegalArgumentException("weights must have a finite sum, got " + sum);
    }
    this.weights = new double[k];
    this.means = new double[k][];
    this.stds = stds.clone();
    this.cumulative = new double[k];
    this.logNormaliser = new double[k];
    double running = 0;
    for (int i = 0; i < k; i++) {
      this.weights[i] = weights[i] / sum;
      this.means[i] = means[i].clone();
      running += this.weights[i];
      cumulative[i] = running;
      logNormaliser[i] = Math.log(this.weights[i]) - 0.5 * dim * (LOG_2PI + 2 * Math.log(stds[i]));
    }
    cumulative[k - 1] = 1;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return dim;
  }

  /** The number of components K. */
  public int components() {
    return weights.length;
  }

  /** The normalised weights (summing to 1), a copy. */
  public double[] weights() {
    return weights.clone();
  }

  /** The means {@code [K][d]}, a copy. */
  public double[][] means() {
    double[][] copy = new double[means.length][];
    for (int i = 0; i < means.length; i++) {
      copy[i] = means[i].clone();
    }
    return copy;
  }

  /** The standard deviations, one per component, a copy. */
  public double[] stds() {
    return stds.clone();
  }

  /** {@code n} exact samples {@code [n, d]} in double precision, drawn in the order the class comment gives. */
  @Override
  public INDArray sample(int n, Rng rng) {
    return sample(n, rng, new int[n], DataType.DOUBLE);
  }

  @Override
  public INDArray sample(int n, Rng rng, DataType type) {
    return sample(n, rng, new int[n], type);
  }

  /** {@link #sample(int, Rng)}, writing the component of row i into {@code drawn[i]}. */
  INDArray sample(int n, Rng rng, int[] drawn) {
    return sample(n, rng, drawn, DataType.DOUBLE);
  }

  private INDArray sample(int n, Rng rng, int[] drawn, DataType type) {
    Checks.positive(n, "n");
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    double[] out = new double[Math.multiplyExact(n, dim)];
    for (int i = 0; i < n; i++) {
      int k = component(rng.nextDouble());
      drawn[i] = k;
      for (int j = 0; j < dim; j++) {
        out[i * dim + j] = means[k][j] + stds[k] * rng.nextGaussian();
      }
    }
    return NdArrays.matrix(out, n, dim, type);
  }

  /**
   * The log-density in nats, by log-sum-exp over the components so that it stays finite and accurate far from
   * every mode. Computed in double precision; a row holding NaN gives NaN.
   *
   * @param x points {@code [n, d]}
   * @return {@code [n, 1]} in the data type of {@code x}
   */
  @Override
  public INDArray logDensity(INDArray x) {
    Checks.matrix(x, "x", -1, dim);
    int n = x.rows();
    double[] xs = NdArrays.toDoubles(x);
    double[] out = new double[n];
    double[] terms = new double[weights.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < terms.length; k++) {
        double squared = 0;
        for (int j = 0; j < dim; j++) {
          double diff = xs[i * dim + j] - means[k][j];
          squared += diff * diff;
        }
        terms[k] = logNormaliser[k] - squared / (2 * stds[k] * stds[k]);
      }
      out[i] = logSumExp(terms);
    }
    return NdArrays.matrix(out, n, 1, x.dataType());
  }

  /** E[X] = sum_k w_k mu_k. */
  public double[] mean() {
    double[] m = new double[dim];
    for (int k = 0; k < weights.length; k++) {
      for (int j = 0; j < dim; j++) {
        m[j] += weights[k] * means[k][j];
      }
    }
    return m;
  }

  /** Cov[X] = sum_k w_k (s_k^2 I + mu_k mu_k^T) - E[X] E[X]^T. */
  public double[][] covariance() {
    double[] m = mean();
    double[][] c = new double[dim][dim];
    for (int k = 0; k < weights.length; k++) {
      for (int a = 0; a < dim; a++) {
        c[a][a] += weights[k] * stds[k] * stds[k];
        for (int b = 0; b < dim; b++) {
          c[a][b] += weights[k] * means[k][a] * means[k][b];
        }
      }
    }
    for (int a = 0; a < dim; a++) {
      for (int b = 0; b < dim; b++) {
        c[a][b] -= m[a] * m[b];
      }
    }
    return c;
  }

  /**
   * The law of alpha X1 + sigma X0 with X1 from this mixture and X0 ~ N(0, I) independent: again a mixture, with
   * the same weights, means alpha mu_k and stds sqrt(alpha^2 s_k^2 + sigma^2). With (alpha_t, sigma_t) of a
   * scheduler this is the exact t-marginal of the affine path whose t = 1 end is this mixture. The result is
   * another law, so it is named {@code gaussian-mixture}, not after this one.
   *
   * @param alpha a finite coefficient
   * @param sigma a finite, non-negative coefficient; alpha and sigma must not both be 0
   */
  public GaussianMixture pushForward(double alpha, double sigma) {
    Checks.finite(alpha, "alpha");
    Checks.finite(sigma, "sigma");
    if (sigma < 0) {
      throw new IllegalArgumentException("sigma must not be negative, got " + sigma);
    }
    if (alpha == 0 && sigma == 0) {
      throw new IllegalArgumentException("alpha and sigma must not both be 0 (the law would be a point mass)");
    }
    double[][] pushedMeans = new double[means.length][dim];
    double[] pushedStds = new double[stds.length];
    for (int k = 0; k < means.length; k++) {
      for (int j = 0; j < dim; j++) {
        pushedMeans[k][j] = alpha * means[k][j];
      }
      pushedStds[k] = Math.hypot(alpha * stds[k], sigma);
    }
    return new GaussianMixture(weights, pushedMeans, pushedStds);
  }

  /** log sum_k exp(terms[k]), shifted by the largest term so that nothing overflows or underflows to 0. */
  static double logSumExp(double[] terms) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : terms) {
      if (Double.isNaN(v)) {
        return v;
      }
      max = Math.max(max, v);
    }
    if (Double.isInfinite(max)) {
      return max;
    }
    double sum = 0;
    for (double v : terms) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum);
  }

  private int component(double u) {
    int k = 0;
    while (u >= cumulative[k]) {
      k++;
    }
    return k;
  }

  @Override
  public String toString() {
    return name + "(K=" + weights.length + ", d=" + dim + ", weights=" + Arrays.toString(weights)
        + ", stds=" + Arrays.toString(stds) + ")";
  }
}
