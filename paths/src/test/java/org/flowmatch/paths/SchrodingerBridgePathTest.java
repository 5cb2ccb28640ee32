package org.flowmatch.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath.PathSample;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Brownian bridge given its endpoints: x_t ~ N(mu_t, sigma^2 t (1 - t)), and torchcfm's u_t formula. */
class SchrodingerBridgePathTest {

  @Test
  void bridgeGivenItsEndpointsHasTheBrownianBridgeLawAndTarget() {
    double sigma = 0.7;
    double t = 0.3;
    int n = 20_000;
    INDArray x0 = NdArrays.matrix(new double[] {-1, 2}, 1, 2, DataType.DOUBLE).repeat(0, n);
    INDArray x1 = NdArrays.matrix(new double[] {3, 0.5}, 1, 2, DataType.DOUBLE).repeat(0, n);
    PathSample s = new SchrodingerBridgePath(sigma).sample(x0, x1, NdArrays.column(t, n, DataType.DOUBLE),
        Rng.seeded(1));
    double[] xt = NdArrays.toDoubles(s.xt());
    double[] ut = NdArrays.toDoubles(s.ut());
    double[] mu = {(1 - t) * -1 + t * 3, (1 - t) * 2 + t * 0.5};
    double[] drift = {3 - -1, 0.5 - 2};
    double variance = sigma * sigma * t * (1 - t);
    for (int k = 0; k < 2; k++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        double dev = xt[2 * i + k] - mu[k];
        sum += dev;
        squares += dev * dev;
        // u_t = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + x1 - x0, row by row.
        assertEquals((1 - 2 * t) / (2 * t * (1 - t)) * dev + drift[k], ut[2 * i + k], 1e-12);
      }
      assertEquals(0, sum / n, 4 * Math.sqrt(variance / n), "mean of x_t - mu_t, coordinate " + k);
      assertEquals(variance, squares / n, 5 * variance * Math.sqrt(2.0 / n), "variance, coordinate " + k);
    }
    // Without a generator: the mean path.
    PathSample mean = new SchrodingerBridgePath(sigma).sample(x0, x1, NdArrays.column(t, n, DataType.DOUBLE));
    assertEquals(mu[0], mean.xt().getDouble(0, 0), 1e-12);
    assertEquals(drift[1], mean.ut().getDouble(5, 1), 1e-12);
  }

  @Test
  void convertsNoParameterization() {
    INDArray x = NdArrays.matrix(new double[] {1, 2}, 1, 2, DataType.DOUBLE);
    INDArray t = NdArrays.column(0.5, 1, DataType.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SchrodingerBridgePath(1)
        .convert(x, Parameterization.X1, Parameterization.VELOCITY, x, t));
    assertEquals(true, e.getMessage().contains("parameterization: velocity"), e.getMessage());
  }
}
