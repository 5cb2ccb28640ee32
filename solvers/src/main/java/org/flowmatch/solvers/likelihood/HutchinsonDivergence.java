package org.flowmatch.solvers.likelihood;

import java.util.Locale;
import org.flowmatch.core.Checks;
import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hutchinson's trace estimator: div v ~ (1/k) sum_j z_j^T J z_j with k probes z_j of zero mean and identity
 * covariance. The probes are drawn once per solve and held fixed (FFJORD's choice), so the integrand is a smooth
 * function of time that an adaptive solver can integrate, and the estimate of log p is unbiased.
 */
public final class HutchinsonDivergence implements DivergenceEstimator {

  /** The distribution of the probes. Rademacher (random signs) has the lower variance and is the default. */
  public enum Probe {
    RADEMACHER, GAUSSIAN;

    public static Probe fromConfigName(String name) {
      for (Probe p : values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown probe '" + name + "'; valid: [rademacher, gaussian]");
    }
  }

  private final int probes;
  private final Probe probe;

  public HutchinsonDivergence() {
    this(1, Probe.RADEMACHER);
  }

  public HutchinsonDivergence(int probes, Probe probe) {
    this.probes = Checks.positive(probes, "probes");
    if (probe == null) {
      throw new IllegalArgumentException("probe must not be null");
    }
    this.probe = probe;
  }

  @Override
  public String name() {
    return "hutchinson";
  }

  @Override
  public Bound bind(VelocityModel model, int batch, DataType type, Rng rng) {
    int d = model.dim();
    double[][] z = new double[probes][batch * d];
    for (double[] draw : z) {
      for (int i = 0; i < draw.length; i++) {
        draw[i] = probe == Probe.GAUSSIAN ? rng.nextGaussian() : (rng.nextLong() < 0 ? -1 : 1);
      }
    }
    return (x, t, rows) -> {
      Linearization lin = model.linearize(x, t, rows);
      INDArray estimate = null;
      for (double[] draw : z) {
        INDArray zRows = NdArrays.matrix(pick(draw, rows, d), rows.length, d, x.dataType());
        INDArray term = lin.vjp(zRows).muli(zRows).sum(true, 1);
        estimate = estimate == null ? term : estimate.addi(term);
      }
      return new VelocityAndDivergence(lin.velocity(), estimate.divi(probes));
    };
  }

  private static double[] pick(double[] draw, int[] rows, int d) {
    double[] out = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(draw, rows[i] * d, out, i * d, d);
    }
    return out;
  }

  @Override
  public String toString() {
    return "hutchinson(" + probes + " " + probe.name().toLowerCase(Locale.ROOT) + " probes)";
  }
}
