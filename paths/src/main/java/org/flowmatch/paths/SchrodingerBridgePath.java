package org.flowmatch.paths;

import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Brownian-bridge path of torchcfm's Schrödinger-bridge CFM ({@code SchrodingerBridgeConditionalFlowMatcher};
 * Tong et al., "Improving and generalizing flow-based generative models with minibatch optimal transport"):
 * x_t = mu_t + sigma_t eps with mu_t = t x1 + (1 - t) x0, sigma_t = sigma sqrt(t (1 - t)) and eps ~ N(0, I), and
 * the target u_t = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + x1 - x0, the velocity of the bridge's probability flow.
 * Paired by the entropic plan at reg = 2 sigma^2 ({@code train.coupling: sinkhorn}), the marginals of x_t are those
 * of the Schrödinger bridge between source and data with diffusion sigma.
 *
 * <p>Only velocity networks: the conversions between parameterizations of the affine paths have no counterpart for
 * a path with its own noise. Without a generator ({@link #sample(INDArray, INDArray, INDArray)}) it returns the
 * mean path (eps = 0). The coefficient of eps in u_t, sigma (1 - 2t) / (2 sqrt(t (1 - t))), is infinite at t = 0
 * and 1; rows there use it at {@link AffineProbabilityPath#ENDPOINT_OFFSET} inside [0, 1].
 */
public final class SchrodingerBridgePath implements ProbabilityPath {
  private final double sigma;

  public SchrodingerBridgePath(double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("path.sigma must be finite and not negative, got " + sigma);
    }
    this.sigma = sigma;
  }

  @Override
  public String name() {
    return "schrodinger-bridge";
  }

  public double sigma() {
    return sigma;
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
    return sample(x0, x1, t, null);
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
    Checks.matrix(x0, "x0", -1, -1);
    Checks.matrix(x1, "x1", x0.rows(), x0.columns());
    Checks.timeColumn(t, "t", x0.rows());
    int n = (int) x0.rows();
    int d = (int) x0.columns();
    double[] a = NdArrays.toDoubles(x0);
    double[] b = NdArrays.toDoubles(x1);
    double[] times = NdArrays.toDoubles(t);
    double[] noise = new double[n * d];
    if (rng != null && sigma > 0) {
      rng.fillGaussian(noise);
    }
    double[] xt = new double[n * d];
    double[] ut = new double[n * d];
    for (int i = 0; i < n; i++) {
      double s = times[i];
      double inside = Math.min(Math.max(s, AffineProbabilityPath.ENDPOINT_OFFSET),
          1 - AffineProbabilityPath.ENDPOINT_OFFSET);
      double std = sigma * Math.sqrt(s * (1 - s));
      double onNoise = sigma * (1 - 2 * inside) / (2 * Math.sqrt(inside * (1 - inside)));
      for (int k = i * d; k < (i + 1) * d; k++) {
        xt[k] = s * b[k] + (1 - s) * a[k] + std * noise[k];
        ut[k] = onNoise * noise[k] + b[k] - a[k];
      }
    }
    return new PathSample(NdArrays.matrix(xt, n, d, x0.dataType()), NdArrays.matrix(ut, n, d, x0.dataType()));
  }

  @Override
  public boolean converts(Parameterization p) {
    return p == Parameterization.VELOCITY;
  }

  @Override
  public INDArray convert(INDArray prediction, Parameterization from, Parameterization to, INDArray xt,
      INDArray t) {
    if (from != to) {
      throw new IllegalArgumentException("the schrodinger-bridge path converts no parameterization (from "
          + from.configName() + " to " + to.configName() + "): use model.parameterization: velocity");
    }
    return prediction.dup();
  }

  @Override
  public String toString() {
    return "schrodinger-bridge(sigma=" + sigma + ")";
  }
}
