package org.flowmatch.solvers.likelihood;

import static org.flowmatch.solvers.likelihood.LogLikelihoodTest.matrix;
import static org.flowmatch.solvers.likelihood.LogLikelihoodTest.points;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The exact divergence of a linear field is tr(A) for every row, from VJPs or from the model's closed form. */
class ExactDivergenceTest {

  @ParameterizedTest(name = "{0} rows")
  @ValueSource(ints = {1, 4})
  void theTraceOfTheJacobianFromUnitVectorVjps(int rows) {
    double[][] a = LinearVelocityModel.randomMatrix(4, 1, 3);
    for (boolean knowsDivergence : new boolean[] {false, true}) {
      LinearVelocityModel model = new LinearVelocityModel(a, knowsDivergence);
      DivergenceEstimator.Bound bound = new ExactDivergence().bind(model, rows, DataType.DOUBLE, Rng.seeded(1));
      INDArray x = matrix(points(rows, 4, 6), DataType.DOUBLE);
      DivergenceEstimator.VelocityAndDivergence vd = bound.evaluate(x, NdArrays.column(0.3, rows,
          DataType.DOUBLE), new int[rows]);
      double[] trace = new double[rows];
      java.util.Arrays.fill(trace, model.trace());
      assertArrayEquals(new long[] {rows, 1}, vd.divergence().shape());
      assertArrayEquals(trace, NdArrays.toDoubles(vd.divergence()), 1e-14);
      assertArrayEquals(NdArrays.toDoubles(model.velocity(x, NdArrays.column(0.3, rows, DataType.DOUBLE))),
          NdArrays.toDoubles(vd.velocity()), 0.0);
      assertEquals(knowsDivergence ? 0 : 4, model.vjps.get(), "VJPs taken");
    }
  }
}
