package org.flowmatch.models;

import java.util.Arrays;
import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.Scheduler.Coefficients;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The "gmm-oracle": the exact marginal velocity of the affine path x_t = alpha_t x1 + sigma_t x0 with x0 ~ N(0, I)
 * and x1 from a {@link GaussianMixture}, with its exact Jacobian. It is what a perfectly trained flow matching
 * network would learn, so solvers and likelihoods can be checked against it.
 *
 * <p>Derivation. Writing alpha, sigma for alpha_t, sigma_t and ' for d/dt, the t-marginal is p_t = sum_k w_k
 * N(alpha mu_k, v_k I) with v_k = alpha^2 s_k^2 + sigma^2 ({@link GaussianMixture#pushForward}). Given component
 * k, (x1, x_t) are jointly Gaussian and Gaussian conditioning gives
 * <pre>
 *   u_k(x) = E[alpha' x1 + sigma' x0 | x_t = x, k] = alpha' mu_k + c_k (x - alpha mu_k),
 *   c_k    = (alpha alpha' s_k^2 + sigma sigma') / v_k.
 * </pre>
 * The marginal velocity is u(x) = sum_k gamma_k(x) u_k(x), with the posterior responsibilities gamma_k = softmax_k
 * of log w_k - (d/2) log(2 pi v_k) - |x - alpha mu_k|^2 / (2 v_k). Only alpha, alpha', sigma^2 and sigma sigma'
 * appear, all smooth on [0, 1]; using {@link Coefficients#sigmaDSigma()} rather than sigma * dSigma keeps the
 * field finite at t = 1 for VP and linear-VP, where sigma' is infinite.
 *
 * <p>Jacobian. With g_k = -(x - alpha mu_k) / v_k (the gradient of the k-th logit), gbar = sum_k gamma_k g_k and
 * d gamma_k / dx = gamma_k (g_k - gbar):
 * <pre>
 *   J       = (sum_k gamma_k c_k) I + sum_k gamma_k u_k (g_k - gbar)^T,
 *   w^T J   = (sum_k gamma_k c_k) w + sum_k gamma_k (w . u_k) (g_k - gbar),
 *   div u   = d sum_k gamma_k c_k + sum_k gamma_k u_k . (g_k - gbar).
 * </pre>
 *
 * <p>Everything is computed in double precision with plain loops (for the usual small K and d this is faster than
 * many small ND4J ops) and returned in the data type of x. Immutable and thread-safe.
 */
public final class GaussianMixtureVelocity implements VelocityModel {
  /** The registered name. */
  public static final String NAME = "gmm-oracle";
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final GaussianMixture target;
  private final Scheduler scheduler;
  private final int dim;
  private final int components;
  private final double[] logWeights;
  /** The means, flattened row-major {@code [K * d]} for the inner loops. */
  private final double[] means;
  private final double[] variances;

  /**
   * @param target the data distribution, the t = 1 end of the path
   * @param scheduler alpha_t and sigma_t of the path
   */
  public GaussianMixtureVelocity(GaussianMixture target, Scheduler scheduler) {
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler must not be null");
    }
    this.target = target;
    this.scheduler = scheduler;
    this.dim = target.dim();
    this.components = target.components();
    double[] w = target.weights();
    double[][] mu = target.means();
    double[] s = target.stds();
    this.logWeights = new double[components];
    this.means = new double[components * dim];
    this.variances = new double[components];
    for (int k = 0; k < components; k++) {
      logWeights[k] = Math.log(w[k]);
      System.arraycopy(mu[k], 0, means, k * dim, dim);
      variances[k] = s[k] * s[k];
    }
  }

  public GaussianMixture target() {
    return target;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** The source p_0 of the path's x0: N(0, I). */
  public Distribution source() {
    return new StandardGaussian(dim);
  }

  /** The exact law of x_t, {@code target.pushForward(alpha_t, sigma_t)}. */
  public GaussianMixture marginal(double t) {
    Coefficients c = scheduler.at(Checks.time(t, "t"));
    return target.pushForward(c.alpha(), c.sigma());
  }

  @Override
  public int dim() {
    return dim;
  }

  /**
   * Computes the responsibilities once per row; the returned linearization's velocity, vector-Jacobian products
   * and exact divergence all reuse them.
   *
   * @param x finite states {@code [batch, d]}
   * @param t times {@code [batch, 1]} in [0, 1]
   */
  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    Checks.finiteMatrix(x, "x", -1, dim);
    int n = x.rows();
    Checks.finite(Checks.matrix(t, "t", n, 1), "t");
    Checks.timeColumn(t, "t", n);
    double[] xs = NdArrays.toDoubles(x);
    double[] ts = NdArrays.toDoubles(t);

    int kd = components * dim;
    double[] velocity = new double[n * dim];
    double[] isotropic = new double[n];
    double[] divergence = new double[n];
    double[] weightedU = new double[n * kd];
    double[] scoreGap = new double[n * kd];
    double[] gamma = new double[components];
    double[] c = new double[components];
    double[] gbar = new double[dim];

    Coefficients co = null;
    double lastT = Double.NaN;
    for (int i = 0; i < n; i++) {
      if (!(ts[i] == lastT)) { // rows usually share a time: ask the scheduler once per run of equal times
        co = scheduler.at(ts[i]);
        lastT = ts[i];
      }
      double alpha = co.alpha();
      double dAlpha = co.dAlpha();
      double sigma2 = co.sigma() * co.sigma();
      int row = i * dim;
      int base = i * kd;

      // Per component: u_k into weightedU, g_k into scoreGap, the logit into gamma.
      double maxLogit = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < components; k++) {
        double v = alpha * alpha * variances[k] + sigma2;
        c[k] = (alpha * dAlpha * variances[k] + co.sigmaDSigma()) / v;
        double squared = 0;
        for (int j = 0; j < dim; j++) {
          int at = base + k * dim + j;
          double mu = means[k * dim + j];
          double diff = xs[row + j] - alpha * mu;
          squared += diff * diff;
          weightedU[at] = dAlpha * mu + c[k] * diff;
          scoreGap[at] = -diff / v;
        }
        gamma[k] = logWeights[k] - 0.5 * dim * (LOG_2PI + Math.log(v)) - squared / (2 * v);
        maxLogit = Math.max(maxLogit, gamma[k]);
      }
      double total = 0;
      for (int k = 0; k < components; k++) {
        gamma[k] = Math.exp(gamma[k] - maxLogit);
        total += gamma[k];
      }
      Arrays.fill(gbar, 0);
      double iso = 0;
      for (int k = 0; k < components; k++) {
        gamma[k] /= total;
        iso += gamma[k] * c[k];
        for (int j = 0; j < dim; j++) {
          gbar[j] += gamma[k] * scoreGap[base + k * dim + j];
        }
      }

      // Turn u_k into gamma_k u_k and g_k into g_k - gbar; accumulate the velocity and the divergence.
      double div = dim * iso;
      for (int k = 0; k < components; k++) {
        for (int j = 0; j < dim; j++) {
          int at = base + k * dim + j;
          weightedU[at] *= gamma[k];
          scoreGap[at] -= gbar[j];
          velocity[row + j] += weightedU[at];
          div += weightedU[at] * scoreGap[at];
        }
      }
      isotropic[i] = iso;
      divergence[i] = div;
    }
    return new MixtureLinearization(n, dim, components, x.dataType(), velocity, isotropic, divergence, weightedU,
        scoreGap);
  }

  @Override
  public String toString() {
    return NAME + "(" + target + ", " + scheduler + ")";
  }

  /** One evaluation: per row and component, gamma_k u_k and g_k - gbar, which every product reuses. */
  private static final class MixtureLinearization implements Linearization {
    private final int n;
    private final int dim;
    private final int components;
    private final DataType type;
    private final double[] velocity;
    /** sum_k gamma_k c_k: the multiple of the identity in J. */
    private final double[] isotropic;
    private final double[] divergence;
    private final double[] weightedU;
    private final double[] scoreGap;

    MixtureLinearization(int n, int dim, int components, DataType type, double[] velocity, double[] isotropic,
        double[] divergence, double[] weightedU, double[] scoreGap) {
      this.n = n;
      this.dim = dim;
      this.components = components;
      this.type = type;
      this.velocity = velocity;
      this.isotropic = isotropic;
      this.divergence = divergence;
      this.weightedU = weightedU;
      this.scoreGap = scoreGap;
    }

    @Override
    public INDArray velocity() {
      return NdArrays.matrix(velocity.clone(), n, dim, type);
    }

    @Override
    public INDArray vjp(INDArray w) {
      Checks.finiteMatrix(w, "w", n, dim);
      double[] ws = NdArrays.toDoubles(w);
      double[] out = new double[n * dim];
      for (int i = 0; i < n; i++) {
        int row = i * dim;
        for (int j = 0; j < dim; j++) {
          out[row + j] = isotropic[i] * ws[row + j];
        }
        for (int k = 0; k < components; k++) {
          int base = (i * components + k) * dim;
          double dot = 0;
          for (int j = 0; j < dim; j++) {
            dot += ws[row + j] * weightedU[base + j];
          }
          for (int j = 0; j < dim; j++) {
            out[row + j] += dot * scoreGap[base + j];
          }
        }
      }
      return NdArrays.matrix(out, n, dim, type);
    }

    @Override
    public Optional<INDArray> exactDivergence() {
      return Optional.of(NdArrays.matrix(divergence.clone(), n, 1, type));
    }
  }
}
