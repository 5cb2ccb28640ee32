package org.flowmatch.solvers.likelihood;

import static org.flowmatch.solvers.likelihood.LogLikelihoodTest.matrix;
import static org.flowmatch.solvers.likelihood.LogLikelihoodTest.maxDifference;
import static org.flowmatch.solvers.likelihood.LogLikelihoodTest.points;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.HutchinsonDivergence.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hutchinson's estimator on linear flows, where the estimate of log p1 for a row with probe z is exactly
 * log N(x0) - z^T A z: unbiased over probe draws, with the variance of its probe distribution (Rademacher:
 * sum_{i<j} (A_ij + A_ji)^2; Gaussian: (1/2) sum_{i,j} (A_ij + A_ji)^2), exact for Rademacher probes on a diagonal
 * A, and with every row keeping its own probe however the solver splits the batch.
 */
class HutchinsonDivergenceTest {

  private static final double[][] A = LinearVelocityModel.randomMatrix(5, 0.4, 17);

  private static LogLikelihood hutchinson(Probe probe, int probes, ErrorControl mode, double tol) {
    return new LogLikelihood(RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tol, tol, mode),
        new HutchinsonDivergence(probes, probe));
  }

  @ParameterizedTest
  @EnumSource(Probe.class)
  void theEstimateIsUnbiasedWithTheVarianceOfItsProbes(Probe probe) {
    int d = A.length;
    int copies = 64;
    int seeds = 8;
    double[][] point = points(1, d, 23);
    double[][] x1 = new double[copies][];
    Arrays.fill(x1, point[0]);
    double exact = Matrices.exactLogLikelihood(A, new double[d], point)[0];
    double[] estimates = new double[copies * seeds];
    for (int s = 0; s < seeds; s++) {
      LogLikelihood.Result r = hutchinson(probe, 1, ErrorControl.SHARED, 1e-8).compute(new LinearVelocityModel(A,
          false), new StandardGaussian(d), matrix(x1, DataType.DOUBLE), Rng.seeded(1000 + s));
      System.arraycopy(NdArrays.toDoubles(r.logLikelihood()), 0, estimates, s * copies, copies);
    }
    double mean = Arrays.stream(estimates).average().orElseThrow();
    double variance = Arrays.stream(estimates).map(v -> (v - mean) * (v - mean)).sum() / (estimates.length - 1);
    double standardError = Math.sqrt(variance / estimates.length);
    double expectedVariance = 0;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        double s = A[i][j] + A[j][i];
        expectedVariance += probe == Probe.GAUSSIAN ? 0.5 * s * s : (i < j ? s * s : 0);
      }
    }
    System.out.printf("hutchinson %s: mean %.5f, exact %.5f, |difference| = %.2f standard errors (%.4f); variance"
        + " %.4f, theory %.4f%n", probe, mean, exact, Math.abs(mean - exact) / standardError, standardError,
        variance, expectedVariance);
    assertTrue(Math.abs(mean - exact) <= 3 * standardError, probe + ": mean " + mean + " vs exact " + exact
        + " with standard error " + standardError);
    assertEquals(expectedVariance, variance, 0.3 * expectedVariance, probe + ": variance of the estimate");
  }

  @ParameterizedTest
  @EnumSource(ErrorControl.class)
  void rademacherProbesAreExactOnADiagonalJacobian(ErrorControl mode) {
    double[][] diagonal = {{-0.7, 0, 0}, {0, 0.4, 0}, {0, 0, 1.1}};
    double[][] x1 = points(5, 3, 31, 1, 1e-3);
    double[] exact = Matrices.exactLogLikelihood(diagonal, new double[3], x1);
    for (int probes : new int[] {1, 3}) {
      LogLikelihood.Result r = hutchinson(Probe.RADEMACHER, probes, mode, 1e-10).compute(
          new LinearVelocityModel(diagonal, false), new StandardGaussian(3), matrix(x1, DataType.DOUBLE),
          Rng.seeded(probes));
      assertTrue(maxDifference(exact, r.logLikelihood()) <= 1e-8, mode + " " + probes + " probes: off by "
          + maxDifference(exact, r.logLikelihood()));
    }
    // Gaussian probes on the same Jacobian do vary: z^T A z is not tr(A)
    LogLikelihood.Result gaussian = hutchinson(Probe.GAUSSIAN, 1, mode, 1e-10).compute(
        new LinearVelocityModel(diagonal, false), new StandardGaussian(3), matrix(x1, DataType.DOUBLE),
        Rng.seeded(1));
    assertTrue(maxDifference(exact, gaussian.logLikelihood()) > 1e-3);
  }

  /**
   * Per-row control drops rows as they finish, so the batch the estimator sees shrinks; each row must still be
   * paired with its own probe. The same seed under shared control (which never drops rows) gives the reference.
   */
  @ParameterizedTest
  @EnumSource(Probe.class)
  void probesFollowTheirRowsWhenRowsFinishAtDifferentTimes(Probe probe) {
    int d = A.length;
    double[][] x1 = points(8, d, 5, 1, 1e-5, 1.5, 1e-3);
    LogLikelihood.Result perRow = hutchinson(probe, 2, ErrorControl.PER_ROW, 1e-11).compute(
        new LinearVelocityModel(A, false), new StandardGaussian(d), matrix(x1, DataType.DOUBLE), Rng.seeded(77));
    LogLikelihood.Result shared = hutchinson(probe, 2, ErrorControl.SHARED, 1e-11).compute(
        new LinearVelocityModel(A, false), new StandardGaussian(d), matrix(x1, DataType.DOUBLE), Rng.seeded(77));
    int[] steps = perRow.solution().acceptedSteps();
    assertTrue(Arrays.stream(steps).min().getAsInt() * 2 < Arrays.stream(steps).max().getAsInt(),
        "rows finished together " + Arrays.toString(steps) + ", so probe bookkeeping went untested");
    double[] reference = NdArrays.toDoubles(shared.logLikelihood());
    double difference = maxDifference(reference, perRow.logLikelihood());
    // the rows' estimates differ from one another by far more than the tolerance, so a mix-up would show
    double[] exact = Matrices.exactLogLikelihood(A, new double[d], x1);
    double spread = 0;
    for (int r = 0; r < exact.length; r++) {
      spread = Math.max(spread, Math.abs(reference[r] - exact[r]));
    }
    System.out.printf("hutchinson %s per-row vs shared: %.2e (estimates deviate from exact by up to %.2f); steps"
        + " %s%n", probe, difference, spread, Arrays.toString(steps));
    assertTrue(spread > 0.1, "the probes barely matter here: " + spread);
    assertTrue(difference <= 1e-8, probe + ": per-row and shared estimates differ by " + difference);
  }

  /** The bound estimator picks the probes of the rows it is asked about. */
  @Test
  void evaluatingSomeRowsUsesThoseRowsProbes() {
    int d = A.length;
    LinearVelocityModel model = new LinearVelocityModel(A, false);
    for (Probe probe : Probe.values()) {
      DivergenceEstimator.Bound bound = new HutchinsonDivergence(3, probe).bind(model, 4, DataType.DOUBLE,
          Rng.seeded(9));
      INDArray x = matrix(points(4, d, 2), DataType.DOUBLE);
      INDArray t = NdArrays.column(0.5, 4, DataType.DOUBLE);
      double[] all = NdArrays.toDoubles(bound.evaluate(x, t, new int[] {0, 1, 2, 3}).divergence());
      INDArray xSome = NdArrays.matrix(concat(NdArrays.toDoubles(x.getRow(3, true)),
          NdArrays.toDoubles(x.getRow(1, true))), 2, d, DataType.DOUBLE);
      DivergenceEstimator.VelocityAndDivergence some = bound.evaluate(xSome, NdArrays.column(0.5, 2,
          DataType.DOUBLE), new int[] {3, 1});
      assertArrayEquals(new double[] {all[3], all[1]}, NdArrays.toDoubles(some.divergence()), 1e-15);
      assertTrue(Arrays.stream(all).distinct().count() == 4, probe + ": rows share probes " + Arrays.toString(all));
      // the probes are drawn once: a second evaluation gives the same estimates
      assertArrayEquals(all, NdArrays.toDoubles(bound.evaluate(x, t, new int[] {0, 1, 2, 3}).divergence()), 0.0);
    }
  }

  @Test
  void badArgumentsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HutchinsonDivergence(0, Probe.RADEMACHER));
    assertTrue(e.getMessage().contains("probes must be positive, got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HutchinsonDivergence(1, null));
    assertTrue(e.getMessage().contains("probe"), e.getMessage());
    assertEquals(Probe.GAUSSIAN, Probe.fromConfigName("gaussian"));
    assertEquals(Probe.RADEMACHER, Probe.fromConfigName("rademacher"));
    e = assertThrows(IllegalArgumentException.class, () -> Probe.fromConfigName("uniform"));
    assertTrue(e.getMessage().contains("unknown probe 'uniform'; valid: [rademacher, gaussian]"), e.getMessage());
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
