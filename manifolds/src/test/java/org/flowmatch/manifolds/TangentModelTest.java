package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tangent-projected MLP: its output is tangent, and its parameter gradient (the inner network's backward pass
 * fed the projected output gradient) matches central finite differences of the projected loss.
 */
class TangentModelTest {

  private static TangentModel model(Parameterization p) {
    MlpSpec spec = new MlpSpec(3, 8, 2, Activation.fromConfigName("silu"), TimeEmbedding.raw(), DataType.DOUBLE, p);
    return new TangentModel(new MlpVelocityModel(MlpNetwork.initialize(spec, Rng.seeded(9)), null), new Sphere());
  }

  private static INDArray points(int n) {
    return new WrappedDistribution("g", new StandardGaussian(2), new Sphere(), new double[] {0, 0, 1}, 0.8)
        .sample(n, Rng.seeded(10));
  }

  @Test
  void outputsAreTangent() {
    TangentModel m = model(Parameterization.VELOCITY);
    INDArray x = points(50);
    INDArray t = NdArrays.column(0.3, 50, DataType.DOUBLE);
    double[] v = NdArrays.toDoubles(m.velocity(x, t));
    double[] xs = NdArrays.toDoubles(x);
    for (int i = 0; i < 50; i++) {
      double dot = 0;
      for (int j = 0; j < 3; j++) {
        dot += v[3 * i + j] * xs[3 * i + j];
      }
      assertEquals(0, dot, 1e-15, "<x, v(x)> at row " + i);
    }
    assertEquals(0, m.predict(x, t).sub(m.velocity(x, t)).amaxNumber().doubleValue(), 1e-15);
  }

  @Test
  void gradientMatchesFiniteDifferencesOfTheProjectedLoss() {
    TangentModel m = model(Parameterization.VELOCITY);
    int n = 20;
    INDArray x = points(n);
    INDArray t = NdArrays.column(0.6, n, DataType.DOUBLE);
    INDArray target = new StandardGaussian(3).sample(n, Rng.seeded(11));
    // L = sum |P_x f(x) - target|^2 / 2, so dL/d prediction = residual
    m.backward(m.predict(x, t).sub(target));
    double[] analytic = NdArrays.toDoubles(m.gradients());
    INDArray params = m.parameters();
    double h = 1e-6;
    double worst = 0;
    for (int k = 0; k < params.length(); k += 7) {
      double p = params.getDouble(k);
      params.putScalar(k, p + h);
      double plus = loss(m, x, t, target);
      params.putScalar(k, p - h);
      double minus = loss(m, x, t, target);
      params.putScalar(k, p);
      worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - analytic[k]));
    }
    System.out.printf("tangent model: worst |gradient - central difference| %.2e%n", worst);
    assertTrue(worst < 1e-7, "worst " + worst);
  }

  @Test
  void periodicFeaturesAreContinuousAcrossTheSeamAndTheirGradientMatchesFiniteDifferences() {
    MlpSpec spec = new MlpSpec(4, 8, 2, Activation.fromConfigName("silu"), TimeEmbedding.raw(), DataType.DOUBLE,
        Parameterization.VELOCITY);
    TangentModel m = new TangentModel(new MlpVelocityModel(MlpNetwork.initialize(spec, Rng.seeded(12)), null),
        new FlatTorus(), true);
    assertEquals(2, m.dim());
    INDArray t = NdArrays.column(0.4, 1, DataType.DOUBLE);
    INDArray nearZero = NdArrays.matrix(new double[] {1e-12, 3}, 1, 2, DataType.DOUBLE);
    INDArray near2Pi = NdArrays.matrix(new double[] {2 * Math.PI - 1e-12, 3}, 1, 2, DataType.DOUBLE);
    assertEquals(0, m.velocity(nearZero, t).sub(m.velocity(near2Pi, t)).amaxNumber().doubleValue(), 1e-10);
    int n = 20;
    INDArray x = new WrappedDistribution("g", new StandardGaussian(2), new FlatTorus(), new double[2], 1)
        .sample(n, Rng.seeded(13));
    INDArray times = NdArrays.column(0.6, n, DataType.DOUBLE);
    INDArray target = new StandardGaussian(2).sample(n, Rng.seeded(14));
    m.backward(m.predict(x, times).sub(target));
    double[] analytic = NdArrays.toDoubles(m.gradients());
    INDArray params = m.parameters();
    double h = 1e-6;
    double worst = 0;
    for (int k = 0; k < params.length(); k += 5) {
      double p = params.getDouble(k);
      params.putScalar(k, p + h);
      double plus = loss(m, x, times, target);
      params.putScalar(k, p - h);
      double minus = loss(m, x, times, target);
      params.putScalar(k, p);
      worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - analytic[k]));
    }
    assertTrue(worst < 1e-7, "worst " + worst);
  }

  private static double loss(TangentModel m, INDArray x, INDArray t, INDArray target) {
    double norm = m.predict(x, t).sub(target).norm2Number().doubleValue();
    return norm * norm / 2;
  }

  @Test
  void onlyVelocityNetworksAndNoLikelihood() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model(Parameterization.X1));
    assertTrue(e.getMessage().contains("a network that predicts x1 needs a path")
        || e.getMessage().contains("must predict velocity"), e.getMessage());
    TangentModel m = model(Parameterization.VELOCITY);
    INDArray x = points(2);
    var lin = m.linearize(x, NdArrays.column(0.5, 2, DataType.DOUBLE));
    assertThrows(UnsupportedOperationException.class, () -> lin.vjp(x));
  }
}
