package org.flowmatch.solvers.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityField;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The log-likelihood of a linear flow v = A x (+ b) from N(0, I), against its closed form log N(x0) - tr(A) with
 * x0 = expm(-A) (x1 - shift): the whole pipeline (augmented state, backward solve, divergence by vector-Jacobian
 * products or closed form, source density) to 1e-8. Measured: 9.6e-11 in d = 2, 4.7e-9 in d = 5.
 */
class LogLikelihoodTest {

  static final double[][] A2 = {{-0.5, 1.2}, {-0.7, 0.3}};
  static final double TOL = 1e-10;

  static LogLikelihood exact(ErrorControl mode) {
    return new LogLikelihood(RungeKuttaSolver.adaptive(Tableaus.DOPRI5, TOL, TOL, mode), new ExactDivergence());
  }

  static double[][] matrixFor(int d) {
    return d == 2 ? A2 : LinearVelocityModel.randomMatrix(d, 0.4, 17);
  }

  /** {@code n} standard normal points in R^d, row r scaled by scales[r % scales.length]. */
  static double[][] points(int n, int d, long seed, double... scales) {
    Rng rng = Rng.seeded(seed);
    double[][] x = new double[n][d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        x[r][i] = rng.nextGaussian() * (scales.length == 0 ? 1 : scales[r % scales.length]);
      }
    }
    return x;
  }

  static INDArray matrix(double[][] rows, DataType type) {
    int d = rows[0].length;
    double[] flat = new double[rows.length * d];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * d, d);
    }
    return NdArrays.matrix(flat, rows.length, d, type);
  }

  static double maxDifference(double[] expected, INDArray actual) {
    double[] a = NdArrays.toDoubles(actual);
    assertEquals(expected.length, a.length);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double diff = Math.abs(expected[i] - a[i]);
      worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(worst, diff);
    }
    return worst;
  }

  @Test
  void theOracleIsRight() {
    // expm of a diagonal matrix and of a rotation generator, and expm(A) expm(-A) = I
    RealMatrix diag = Matrices.expm(MatrixUtils.createRealDiagonalMatrix(new double[] {0.3, -2}));
    assertEquals(Math.exp(0.3), diag.getEntry(0, 0), 1e-14);
    assertEquals(Math.exp(-2), diag.getEntry(1, 1), 1e-14);
    RealMatrix rot = Matrices.expm(MatrixUtils.createRealMatrix(new double[][] {{0, -2.5}, {2.5, 0}}));
    assertEquals(Math.cos(2.5), rot.getEntry(0, 0), 1e-14);
    assertEquals(Math.sin(2.5), rot.getEntry(1, 0), 1e-14);
    RealMatrix a = MatrixUtils.createRealMatrix(LinearVelocityModel.randomMatrix(5, 0.4, 17));
    RealMatrix product = Matrices.expm(a).multiply(Matrices.expm(a.scalarMultiply(-1)));
    assertTrue(product.subtract(MatrixUtils.createRealIdentityMatrix(5)).getNorm() < 1e-13);
  }

  /** No closed-form divergence: ExactDivergence must take d vector-Jacobian products per evaluation. */
  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {2, 5})
  void exactDivergenceByVjpsMatchesTheClosedForm(int d) {
    double[][] a = matrixFor(d);
    LinearVelocityModel model = new LinearVelocityModel(a, false);
    double[][] x1 = points(7, d, 3);
    LogLikelihood.Result r = exact(ErrorControl.SHARED).compute(model, new StandardGaussian(d),
        matrix(x1, DataType.DOUBLE), Rng.seeded(1));
    double[] expected = Matrices.exactLogLikelihood(a, new double[d], x1);
    double error = maxDifference(expected, r.logLikelihood());
    System.out.printf("log-likelihood d = %d, exact divergence by %d VJPs: max error %.2e, nfe %d%n", d, d, error,
        r.nfe());
    assertArrayEquals(new long[] {7, 1}, r.logLikelihood().shape());
    assertTrue(error <= 1e-8, "log-likelihood off by " + error);

    double[][] x0 = Matrices.pullBack(a, new double[d], x1);
    assertTrue(maxDifference(Arrays.stream(x0).flatMapToDouble(Arrays::stream).toArray(), r.x0()) <= 1e-8);
    double[] trace = new double[7];
    Arrays.fill(trace, model.trace());
    assertTrue(maxDifference(trace, r.divergenceIntegral()) <= 1e-8, "divergence integral");
    assertTrue(maxDifference(Arrays.stream(x0).mapToDouble(Matrices::standardNormalLogDensity).toArray(),
        r.sourceLogDensity()) <= 1e-8, "source log-density");

    assertEquals(0, model.exactDivergences.get());
    assertTrue(model.linearizations.get() > 0);
    assertEquals(d * model.linearizations.get(), model.vjps.get(), "one VJP per coordinate per evaluation");
    assertEquals(r.nfe(), model.linearizations.get(), "one forward pass per evaluation");
  }

  @Test
  void aConstantDriftIsFollowedToo() {
    double[] b = {0.4, -1.1};
    LinearVelocityModel model = new LinearVelocityModel(A2, b, false);
    double[][] x1 = points(5, 2, 8);
    LogLikelihood.Result r = exact(ErrorControl.SHARED).compute(model, new StandardGaussian(2),
        matrix(x1, DataType.DOUBLE), Rng.seeded(1));
    double error = maxDifference(Matrices.exactLogLikelihood(A2, b, x1), r.logLikelihood());
    assertTrue(error <= 1e-8, "log-likelihood off by " + error);
  }

  @Test
  void aModelThatStatesItsDivergenceIsNotDifferentiated() {
    double[][] a = matrixFor(5);
    LinearVelocityModel model = new LinearVelocityModel(a, true);
    double[][] x1 = points(4, 5, 5);
    LogLikelihood.Result r = exact(ErrorControl.SHARED).compute(model, new StandardGaussian(5),
        matrix(x1, DataType.DOUBLE), Rng.seeded(1));
    assertTrue(maxDifference(Matrices.exactLogLikelihood(a, new double[5], x1), r.logLikelihood()) <= 1e-8);
    assertEquals(0, model.vjps.get(), "VJPs taken although the model states its divergence");
    assertTrue(model.linearizations.get() > 0);
    assertEquals(model.linearizations.get(), model.exactDivergences.get());
  }

  /** Rows at very different scales finish at different times under per-row control; the answer is the same. */
  @Test
  void perRowErrorControlGivesTheSameAnswer() {
    int d = 5;
    double[][] a = matrixFor(d);
    double[][] x1 = points(6, d, 11, 1, 1e-4, 1.5, 1e-6);
    double[] expected = Matrices.exactLogLikelihood(a, new double[d], x1);
    LogLikelihood.Result perRow = exact(ErrorControl.PER_ROW).compute(new LinearVelocityModel(a, false),
        new StandardGaussian(d), matrix(x1, DataType.DOUBLE), Rng.seeded(1));
    LogLikelihood.Result shared = exact(ErrorControl.SHARED).compute(new LinearVelocityModel(a, false),
        new StandardGaussian(d), matrix(x1, DataType.DOUBLE), Rng.seeded(1));
    int[] steps = perRow.solution().acceptedSteps();
    System.out.printf("log-likelihood per-row: max error %.2e, accepted steps per row %s; shared %.2e, %d steps%n",
        maxDifference(expected, perRow.logLikelihood()), Arrays.toString(steps),
        maxDifference(expected, shared.logLikelihood()), shared.solution().maxAcceptedSteps());
    assertTrue(Arrays.stream(steps).min().getAsInt() < Arrays.stream(steps).max().getAsInt(),
        "every row took the same steps " + Arrays.toString(steps) + ", so per-row control went untested");
    assertTrue(maxDifference(expected, perRow.logLikelihood()) <= 1e-8);
    assertTrue(maxDifference(NdArrays.toDoubles(shared.logLikelihood()), perRow.logLikelihood()) <= 1e-8);
  }

  @Test
  void float32PointsGiveAFloat32LogLikelihood() {
    double[][] x1 = points(4, 2, 9);
    LogLikelihood ll = new LogLikelihood(RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6,
        ErrorControl.SHARED), new ExactDivergence());
    LogLikelihood.Result r = ll.compute(new LinearVelocityModel(A2, false), new StandardGaussian(2),
        matrix(x1, DataType.FLOAT), Rng.seeded(1));
    assertEquals(DataType.FLOAT, r.logLikelihood().dataType());
    double error = maxDifference(Matrices.exactLogLikelihood(A2, new double[2], x1), r.logLikelihood());
    assertTrue(error <= 1e-4, "float32 log-likelihood off by " + error);
  }

  /**
   * Any {@link OdeSolver} may call the plain {@code velocity(x, t)} of the augmented field, without row indices;
   * per-row estimators must then see the whole batch (here: a solver that hides the indices from the field).
   */
  @Test
  void aSolverThatPassesNoRowIndicesStillGetsEveryRowsProbes() {
    OdeSolver inner = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-9, 1e-9, ErrorControl.SHARED);
    OdeSolver hidingRows = new OdeSolver() {
      @Override
      public String name() {
        return "hiding-rows";
      }

      @Override
      public OdeSolution solve(VelocityField field, INDArray y0, double t0, double t1, double[] outputTimes,
          StepObserver observer) {
        VelocityField plain = (x, t) -> field.velocity(x, t);
        return inner.solve(plain, y0, t0, t1, outputTimes, observer);
      }
    };
    double[][] a = matrixFor(5);
    INDArray x1 = matrix(points(6, 5, 4), DataType.DOUBLE);
    HutchinsonDivergence hutchinson = new HutchinsonDivergence(1, HutchinsonDivergence.Probe.GAUSSIAN);
    LogLikelihood.Result viaPlain = new LogLikelihood(hidingRows, hutchinson)
        .compute(new LinearVelocityModel(a, false), new StandardGaussian(5), x1, Rng.seeded(42));
    LogLikelihood.Result direct = new LogLikelihood(inner, hutchinson)
        .compute(new LinearVelocityModel(a, false), new StandardGaussian(5), x1, Rng.seeded(42));
    assertTrue(maxDifference(NdArrays.toDoubles(direct.logLikelihood()), viaPlain.logLikelihood()) <= 1e-12);
  }

  @Test
  void aSourceWithoutDensityIsRejectedByName() {
    Distribution samplesOnly = new Distribution() {
      @Override
      public String name() {
        return "two-moons-samples";
      }

      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray sample(int n, Rng rng) {
        return rng.gaussian(n, 2, DataType.DOUBLE);
      }

      @Override
      public boolean hasDensity() {
        return false;
      }

      @Override
      public INDArray logDensity(INDArray x) {
        throw new UnsupportedOperationException("no density");
      }
    };
    LinearVelocityModel model = new LinearVelocityModel(A2, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exact(ErrorControl.SHARED)
        .compute(model, samplesOnly, matrix(points(3, 2, 1), DataType.DOUBLE), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("'two-moons-samples' has no closed-form density"), e.getMessage());
    assertEquals(0, model.linearizations.get(), "the model was evaluated before the check");
  }

  @Test
  void mismatchedDimensionsAreRejected() {
    LinearVelocityModel model = new LinearVelocityModel(A2, false);
    LogLikelihood ll = exact(ErrorControl.SHARED);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ll.compute(model,
        new StandardGaussian(3), matrix(points(3, 2, 1), DataType.DOUBLE), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("the source has dimension 3 but the model has 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ll.compute(model, new StandardGaussian(2),
        matrix(points(4, 3, 1), DataType.DOUBLE), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("x1 must have shape [batch, 2], got [4, 3]"), e.getMessage());
    INDArray withNaN = NdArrays.matrix(new double[] {0, 1, Double.NaN, 2}, 2, 2, DataType.DOUBLE);
    e = assertThrows(IllegalArgumentException.class, () -> ll.compute(model, new StandardGaussian(2), withNaN,
        Rng.seeded(1)));
    assertTrue(e.getMessage().contains("x1 must be finite, but holds NaN at [1, 0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ll.compute(null, new StandardGaussian(2),
        matrix(points(3, 2, 1), DataType.DOUBLE), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("must not be null"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LogLikelihood(null, new ExactDivergence()));
    assertEquals(0, model.linearizations.get());
  }
}
