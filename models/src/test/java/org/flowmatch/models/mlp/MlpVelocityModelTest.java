package org.flowmatch.models.mlp;

import static org.flowmatch.core.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CosineScheduler;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Velocity, conversions and vector-Jacobian products of a network, against finite differences. */
class MlpVelocityModelTest {
  private static final AffineProbabilityPath PATH = new AffineProbabilityPath(new CosineScheduler());

  private static MlpVelocityModel model(Parameterization p) {
    MlpSpec spec = new MlpSpec(3, 24, 2, Activation.SILU, TimeEmbedding.fourier(2), DataType.DOUBLE, p);
    return new MlpVelocityModel(MlpNetwork.initialize(spec, Rng.seeded(5)), PATH);
  }

  @ParameterizedTest
  @EnumSource(Parameterization.class)
  void vjpIsTheTransposedJacobianOfTheConvertedVelocity(Parameterization p) {
    MlpVelocityModel model = model(p);
    Rng rng = Rng.seeded(6);
    int n = 9;
    INDArray x = rng.gaussian(n, 3, DataType.DOUBLE);
    INDArray t = NdArrays.column(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, DataType.DOUBLE);
    INDArray w = rng.gaussian(n, 3, DataType.DOUBLE);
    Linearization lin = model.linearize(x, t);
    INDArray vjp = lin.vjp(w);
    double h = 1e-6;
    double[] expected = new double[n * 3];
    for (int j = 0; j < 3; j++) {
      INDArray plus = x.dup();
      INDArray minus = x.dup();
      plus.getColumn(j).addi(h);
      minus.getColumn(j).subi(h);
      double[] dv = NdArrays.toDoubles(model.velocity(plus, t).sub(model.velocity(minus, t)).divi(2 * h));
      double[] ws = NdArrays.toDoubles(w);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++) {
          expected[i * 3 + j] += ws[i * 3 + k] * dv[i * 3 + k];
        }
      }
    }
    assertClose(NdArrays.matrix(expected, n, 3, DataType.DOUBLE), vjp, 1e-6, p + " vjp");
    assertClose(model.velocity(x, t), lin.velocity(), 0, p + " velocity");
  }

  @Test
  void aStaleLinearizationRefusesToAnswer() {
    MlpVelocityModel model = model(Parameterization.VELOCITY);
    INDArray x = Rng.seeded(1).gaussian(4, 3, DataType.DOUBLE);
    INDArray t = NdArrays.column(0.5, 4, DataType.DOUBLE);
    Linearization lin = model.linearize(x, t);
    model.velocity(x, t);
    assertThrows(IllegalStateException.class, () -> lin.vjp(x));
  }

  @Test
  void aSourceWithoutADensityCannotGiveLikelihoods() {
    MlpVelocityModel model = model(Parameterization.VELOCITY);
    org.flowmatch.core.Distribution noDensity = new org.flowmatch.core.Distribution() {
      @Override
      public String name() {
        return "moons-like";
      }

      @Override
      public int dim() {
        return 3;
      }

      @Override
      public INDArray sample(int n, Rng rng) {
        return new StandardGaussian(3).sample(n, rng);
      }

      @Override
      public boolean hasDensity() {
        return false;
      }

      @Override
      public INDArray logDensity(INDArray x) {
        throw new UnsupportedOperationException();
      }
    };
    LogLikelihood ll = new LogLikelihood(RungeKuttaSolver.fixed(Tableaus.RK4, 4), new ExactDivergence());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ll.compute(model, noDensity, Rng.seeded(2).gaussian(3, 3, DataType.DOUBLE), Rng.seeded(3)));
    assertTrue(e.getMessage().contains("'moons-like' has no closed-form density"), e.getMessage());
  }

  @Test
  void loadedParametersGiveBitIdenticalOutputs() {
    MlpVelocityModel a = model(Parameterization.X1);
    MlpVelocityModel b = a.withParameters(a.parameters().dup());
    INDArray x = Rng.seeded(8).gaussian(30, 3, DataType.DOUBLE);
    INDArray t = NdArrays.column(0.3, 30, DataType.DOUBLE);
    assertClose(a.velocity(x, t), b.velocity(x, t), 0, "same parameters, same bits");
    a.parameters().addi(0.01);
    INDArray viaDl4j = a.network().dl4j().output(inputs(x, 0.3, a.spec()));
    assertClose(viaDl4j, a.predict(x, t).dup(), 1e-12, "the kernel reads the live DL4J parameters");
  }

  private static INDArray inputs(INDArray x, double t, MlpSpec spec) {
    int n = (int) x.rows();
    double[] xs = NdArrays.toDoubles(x);
    double[] in = new double[n * spec.inputWidth()];
    for (int i = 0; i < n; i++) {
      System.arraycopy(xs, i * 3, in, i * spec.inputWidth(), 3);
      spec.time().write(t, in, i * spec.inputWidth() + 3);
    }
    return NdArrays.matrix(in, n, spec.inputWidth(), DataType.DOUBLE);
  }
}
