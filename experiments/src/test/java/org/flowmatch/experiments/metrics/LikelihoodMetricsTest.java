package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** NLL, bits per dimension and the KL estimate against hand values and the Gaussian closed form. */
class LikelihoodMetricsTest {

  /** log p = -1, -2, -3, -6: NLL 3, sample sd sqrt(14/3), error sqrt(14/3) / 2; in 2-D, 3 / (2 ln 2) bits. */
  @Test
  void theNegativeLogLikelihoodIsAMeanWithItsStandardError() {
    double[] log = {-1, -2, -3, -6};
    Estimate nll = LikelihoodMetrics.negativeLogLikelihood(log);
    assertEquals(3, nll.value(), 1e-15);
    assertEquals(Math.sqrt(14.0 / 3) / 2, nll.standardError(), 1e-15);
    Estimate bits = LikelihoodMetrics.bitsPerDimension(log, 2);
    assertEquals(3 / (2 * Math.log(2)), bits.value(), 1e-15);
    assertEquals(Math.sqrt(14.0 / 3) / 2 / (2 * Math.log(2)), bits.standardError(), 1e-15);
    assertEquals(3 / (2 * Math.log(2)), LikelihoodMetrics.bitsPerDimension(3, 2), 1e-15);
    assertTrue(Double.isNaN(LikelihoodMetrics.negativeLogLikelihood(new double[] {-1}).standardError()));
  }

  /**
   * KL(N(0, 1) || N(mu, sigma^2)) = ln sigma + (1 + mu^2) / (2 sigma^2) - 1/2, estimated from 20000 draws of the
   * true law within 4 standard errors; a model equal to the truth gives exactly 0.
   */
  @Test
  void theKlEstimateMeetsTheGaussianClosedForm() {
    double mu = 0.4;
    double sigma = 1.5;
    int n = 20000;
    Rng rng = Rng.seeded(1);
    double[] logTrue = new double[n];
    double[] logModel = new double[n];
    double c = 0.5 * Math.log(2 * Math.PI);
    for (int i = 0; i < n; i++) {
      double x = rng.nextGaussian();
      logTrue[i] = -x * x / 2 - c;
      logModel[i] = -(x - mu) * (x - mu) / (2 * sigma * sigma) - Math.log(sigma) - c;
    }
    double expected = Math.log(sigma) + (1 + mu * mu) / (2 * sigma * sigma) - 0.5;
    Estimate kl = LikelihoodMetrics.klDivergence(logTrue, logModel);
    assertEquals(expected, kl.value(), 4 * kl.standardError());
    assertTrue(kl.standardError() < 0.05 * expected, "a test that can fail: " + kl);
    Estimate zero = LikelihoodMetrics.klDivergence(logTrue, logTrue);
    assertEquals(0, zero.value());
    assertEquals(0, zero.standardError());
  }
}
