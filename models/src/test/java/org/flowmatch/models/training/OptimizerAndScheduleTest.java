package org.flowmatch.models.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Adam and AdamW against a plain-Java reference of the same update; schedules and time samplers. */
class OptimizerAndScheduleTest {

  /**
   * p -= lr sqrt(1 - b2^k) / (1 - b1^k) m / (sqrt(v) + eps), after p *= 1 - lr wd for AdamW. DOUBLE runs ND4J's op;
   * FLOAT the Java loop on the arrays' memory (to float32 rounding).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void adamAndAdamWFollowTheReferenceUpdate(DataType type) {
    double tolerance = type == DataType.DOUBLE ? 1e-12 : 2e-6;
    for (double wd : new double[] {0, 0.01}) {
      int n = 40_000;
      Rng rng = Rng.seeded(1);
      double[] p = new double[n];
      double[] m = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = rng.nextGaussian();
      }
      INDArray params = NdArrays.matrix(p, 1, n, type);
      AdamOptimizer adam = new AdamOptimizer(n, type, 0.9, 0.999, 1e-8, wd);
      for (int k = 0; k < 5; k++) {
        double lr = 1e-2 / (k + 1);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
          g[i] = rng.nextGaussian() + p[i];
        }
        INDArray gradient = NdArrays.matrix(g, 1, n, type);
        // the reference reads the gradient as the optimiser saw it
        g = NdArrays.toDoubles(gradient);
        adam.step(params, gradient, lr, k);
        double scale = lr * Math.sqrt(1 - Math.pow(0.999, k + 1)) / (1 - Math.pow(0.9, k + 1));
        for (int i = 0; i < n; i++) {
          m[i] = 0.9 * m[i] + 0.1 * g[i];
          v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
          p[i] = p[i] * (1 - lr * wd) - scale * m[i] / (Math.sqrt(v[i]) + 1e-8);
        }
      }
      double[] actual = NdArrays.toDoubles(params);
      double worst = 0;
      for (int i = 0; i < n; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - p[i]));
      }
      assertTrue(worst < tolerance, type + ", weight decay " + wd + ": max difference " + worst);
    }
  }

  @Test
  void warmupCosineRisesLinearlyThenDecaysToItsFloor() {
    LearningRateSchedule s = LearningRateSchedule.warmupCosine(1.0, 10, 0.1);
    assertEquals(0.1, s.at(0, 110), 1e-12);
    assertEquals(1.0, s.at(9, 110), 1e-12);
    assertEquals(1.0, s.at(10, 110), 1e-12);
    assertEquals(0.55, s.at(59, 110), 0.02);
    assertEquals(0.1, s.at(109, 110), 1e-12);
    assertEquals(0.25, LearningRateSchedule.constant(0.25).at(77, 100));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupCosine(1, 5, 1.5));
  }

  @Test
  void logitNormalTimesHaveTheirMedianAndSpread() {
    double[] t = TimeSampler.logitNormal(0.5, 0.8).sample(100_000, Rng.seeded(3));
    double[] logits = Arrays.stream(t).map(x -> Math.log(x / (1 - x))).sorted().toArray();
    double mean = Arrays.stream(logits).average().orElseThrow();
    double var = Arrays.stream(logits).map(x -> (x - mean) * (x - mean)).average().orElseThrow();
    assertEquals(0.5, mean, 0.01);
    assertEquals(0.8, Math.sqrt(var), 0.01);
    assertTrue(Arrays.stream(t).allMatch(x -> x > 0 && x < 1));
    double[] u = TimeSampler.uniform().sample(100_000, Rng.seeded(4));
    assertEquals(0.5, Arrays.stream(u).average().orElseThrow(), 0.005);
  }
}
