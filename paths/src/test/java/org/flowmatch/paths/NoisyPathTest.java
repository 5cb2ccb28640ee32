package org.flowmatch.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Map;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.ProbabilityPath.PathSample;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Parameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Path noise against torchcfm's closed forms: x_t = t x1 + (1 - t) x0 + sigma eps with u_t = x1 - x0 for its
 * constant {@code sigma}, and the Schrödinger bridge's u_t = (1 - 2t) / (2 t (1 - t)) (x_t - mu_t) + x1 - x0 for
 * s_t = sigma sqrt(t (1 - t)), each computed here element by element with eps read from a copy of the generator.
 */
class NoisyPathTest {
  private static final int ROWS = 16;
  private static final int DIM = 3;
  private static final double SIGMA = 0.3;

  @Test
  void constantSigmaIsTorchcfmsConditionalFlowMatcher() {
    ProbabilityPath path = NoisyPath.of(new AffineProbabilityPath(new CondOTScheduler(0)), PathNoise.constant(SIGMA));
    double[] x0 = Rng.seeded(1).gaussian(ROWS, DIM, DataType.DOUBLE).data().asDouble();
    double[] x1 = Rng.seeded(2).gaussian(ROWS, DIM, DataType.DOUBLE).data().asDouble();
    double[] t = Rng.seeded(3).uniform(ROWS, 1, DataType.DOUBLE).data().asDouble();
    t[0] = 0;
    t[1] = 1;
    Rng rng = Rng.seeded(4);
    Rng eps = rng.copy();
    PathSample s = path.sample(m(x0, DIM), m(x1, DIM), m(t, 1), rng);
    double[] xt = s.xt().data().asDouble();
    double[] ut = s.ut().data().asDouble();
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < DIM; j++) {
        int k = i * DIM + j;
        double e = eps.nextGaussian();
        assertEquals(t[i] * x1[k] + (1 - t[i]) * x0[k] + SIGMA * e, xt[k], 1e-12, "x_t row " + i);
        assertEquals(x1[k] - x0[k], ut[k], 1e-12, "u_t row " + i);
      }
    }
    assertEquals(eps.nextLong(), rng.nextLong(), "one normal drawn per element, no more");
  }

  @Test
  void bridgeNoiseFitsTheSameTerm() {
    PathNoise bridge = PathNoise.bridge(SIGMA);
    ProbabilityPath path = NoisyPath.of(new AffineProbabilityPath(new CondOTScheduler(0)), bridge);
    double[] x0 = Rng.seeded(5).gaussian(ROWS, DIM, DataType.DOUBLE).data().asDouble();
    double[] x1 = Rng.seeded(6).gaussian(ROWS, DIM, DataType.DOUBLE).data().asDouble();
    double[] t = Rng.seeded(7).uniform(ROWS, 1, DataType.DOUBLE).data().asDouble();
    PathSample s = path.sample(m(x0, DIM), m(x1, DIM), m(t, 1), Rng.seeded(8));
    double[] xt = s.xt().data().asDouble();
    double[] ut = s.ut().data().asDouble();
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < DIM; j++) {
        int k = i * DIM + j;
        double mu = t[i] * x1[k] + (1 - t[i]) * x0[k];
        double expected = (1 - 2 * t[i]) / (2 * t[i] * (1 - t[i])) * (xt[k] - mu) + x1[k] - x0[k];
        assertEquals(expected, ut[k], 1e-9, "u_t row " + i);
      }
    }
  }

  /** The registered schrodinger-bridge path given its endpoints: x_t ~ N(mu_t, sigma^2 t (1 - t)). */
  @Test
  void theRegisteredBridgeHasTheBrownianBridgeLaw() {
    double sigma = 0.7;
    double t = 0.3;
    int n = 20_000;
    ProbabilityPath path = paths().get("schrodinger-bridge").create(section(Map.of("sigma", sigma)),
        Context.of(Rng.seeded(0)));
    INDArray x0 = NdArrays.matrix(new double[] {-1, 2}, 1, 2, DataType.DOUBLE).repeat(0, n);
    INDArray x1 = NdArrays.matrix(new double[] {3, 0.5}, 1, 2, DataType.DOUBLE).repeat(0, n);
    double[] xt = NdArrays.toDoubles(path.sample(x0, x1, NdArrays.column(t, n, DataType.DOUBLE), Rng.seeded(1)).xt());
    double[] mu = {(1 - t) * -1 + t * 3, (1 - t) * 2 + t * 0.5};
    double variance = sigma * sigma * t * (1 - t);
    for (int k = 0; k < 2; k++) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        double dev = xt[2 * i + k] - mu[k];
        sum += dev;
        squares += dev * dev;
      }
      assertEquals(0, sum / n, 4 * Math.sqrt(variance / n), "mean of x_t - mu_t, coordinate " + k);
      assertEquals(variance, squares / n, 5 * variance * Math.sqrt(2.0 / n), "variance, coordinate " + k);
    }
    assertThrows(IllegalArgumentException.class, () -> PathNoise.bridge(Double.POSITIVE_INFINITY));
  }

  @Test
  void zeroSigmaIsThePlainPathAndDrawsNothing() {
    ProbabilityPath plain = new AffineProbabilityPath(new CondOTScheduler(0));
    assertSame(plain, NoisyPath.of(plain, PathNoise.constant(0)));
    Rng rng = Rng.seeded(9);
    long before = rng.copy().nextLong();
    plain.sample(m(new double[] {1, 2}, 2), m(new double[] {3, 4}, 2), m(new double[] {0.5}, 1), rng);
    assertEquals(before, rng.nextLong());
  }

  @Test
  void onlyVelocityModelsAndNoScheduler() {
    ProbabilityPath path = NoisyPath.of(new AffineProbabilityPath(new CondOTScheduler(0)), PathNoise.constant(SIGMA));
    assertTrue(path.converts(Parameterization.VELOCITY));
    assertFalse(path.converts(Parameterization.X1));
    assertTrue(path.scheduler().isEmpty());
    INDArray p = m(new double[] {1, 2}, 2);
    assertThrows(IllegalArgumentException.class,
        () -> path.convert(p, Parameterization.X1, Parameterization.VELOCITY, p, m(new double[] {0.5}, 1)));
    assertThrows(IllegalArgumentException.class, () -> PathNoise.constant(-0.1));
  }

  @Test
  void everyRegisteredPathTakesSigma() {
    Map<String, Factory<ProbabilityPath>> paths = paths();
    for (Map.Entry<String, Factory<ProbabilityPath>> e : paths.entrySet()) {
      if (e.getKey().equals("schrodinger-bridge")) {
        continue; // its sigma is the bridge's diffusion, 1 by default (theRegisteredBridgeHasTheBrownianBridgeLaw)
      }
      ProbabilityPath p = e.getValue().create(section(Map.of("sigma", SIGMA)), Context.of(Rng.seeded(0)));
      assertTrue(p instanceof NoisyPath, e.getKey());
      ProbabilityPath plain = e.getValue().create(section(Map.of()), Context.of(Rng.seeded(0)));
      assertTrue(plain instanceof AffineProbabilityPath, e.getKey());
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> paths.get("condot").create(section(Map.of("sigma", -1.0)), Context.of(Rng.seeded(0))));
    assertTrue(bad.getMessage().contains("path.sigma"), bad.getMessage());
  }

  private static Map<String, Factory<ProbabilityPath>> paths() {
    return Guice.createInjector(new PathsModule()).getInstance(
        Key.get(new TypeLiteral<Map<String, Factory<ProbabilityPath>>>() {}));
  }

  private static INDArray m(double[] values, int cols) {
    return NdArrays.matrix(values, values.length / cols, cols, DataType.DOUBLE);
  }

  /** A path section holding only numbers. */
  private static Parameters section(Map<String, Double> values) {
    return new Parameters() {
      @Override
      public String section() {
        return "path";
      }

      @Override
      public boolean has(String key) {
        return values.containsKey(key);
      }

      @Override
      public double number(String key, double defaultValue) {
        return values.getOrDefault(key, defaultValue);
      }

      @Override
      public int integer(String key, int defaultValue) {
        return (int) number(key, defaultValue);
      }

      @Override
      public String string(String key, String defaultValue) {
        return defaultValue;
      }

      @Override
      public boolean flag(String key, boolean defaultValue) {
        return defaultValue;
      }

      @Override
      public double[] numbers(String key) {
        throw invalid(key, "is required");
      }

      @Override
      public double[][] matrix(String key) {
        throw invalid(key, "is required");
      }

      @Override
      public IllegalArgumentException invalid(String key, String why) {
        return new IllegalArgumentException("path." + key + " = " + values.get(key) + ": " + why);
      }
    };
  }
}
