package org.flowmatch.models;

import java.util.List;
import org.flowmatch.core.Rng;
import org.flowmatch.core.Scheduler;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.paths.CosineScheduler;
import org.flowmatch.paths.LinearVPScheduler;
import org.flowmatch.paths.PolynomialScheduler;
import org.flowmatch.paths.VPScheduler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared test data: the five schedulers and random mixtures. */
final class Fixtures {
  private Fixtures() {}

  static List<Scheduler> schedulers() {
    return List.of(new CondOTScheduler(), new VPScheduler(), new LinearVPScheduler(), new CosineScheduler(),
        new PolynomialScheduler(2));
  }

  /** K components in d dimensions: weights in [0.5, 1.5) (unnormalised), means ~ N(0, 1.5^2), stds in [0.3, 1.2). */
  static GaussianMixture randomMixture(int k, int d, Rng rng) {
    double[] w = new double[k];
    double[][] mu = new double[k][d];
    double[] s = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = 0.5 + rng.nextDouble();
      for (int j = 0; j < d; j++) {
        mu[i][j] = 1.5 * rng.nextGaussian();
      }
      s[i] = 0.3 + 0.9 * rng.nextDouble();
    }
    return new GaussianMixture(w, mu, s);
  }

  /** A {@code [n, 1]} column holding {@code t}. */
  static INDArray column(int n, double t) {
    return Nd4j.valueArrayOf(new long[] {n, 1}, t, DataType.DOUBLE);
  }

  /** {@code x} with {@code h} added to column {@code j} of every row. */
  static INDArray shifted(INDArray x, int j, double h) {
    INDArray y = x.dup();
    y.getColumn(j).addi(h);
    return y;
  }


  static boolean allFinite(INDArray x) {
    for (double v : x.dup().data().asDouble()) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
