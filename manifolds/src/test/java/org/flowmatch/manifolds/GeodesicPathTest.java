package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath.PathSample;
import org.flowmatch.core.Rng;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.PolynomialScheduler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The geodesic path against exact oracles: its endpoints, its closed-form velocity against central finite
 * differences of x_t, tangency and constant speed, and on the Euclidean space and the torus (without and with
 * wrapping) the affine path alpha = t^n, sigma = 1 - t^n.
 */
class GeodesicPathTest {
  private static final int N = 200;

  private static INDArray points(Manifold m, int dim, Rng rng) {
    double[] x = new double[N * dim];
    for (int i = 0; i < x.length; i++) {
      x[i] = m instanceof FlatTorus ? 2 * Math.PI * rng.nextDouble() : rng.nextGaussian();
    }
    return Rows.projectPoints(m, NdArrays.matrix(x, N, dim, DataType.DOUBLE));
  }

  private static Manifold manifold(String name) {
    return switch (name) {
      case "sphere" -> new Sphere();
      case "torus" -> new FlatTorus();
      default -> new Euclidean();
    };
  }

  private static INDArray times(Rng rng, double lo, double hi) {
    double[] t = new double[N];
    for (int i = 0; i < N; i++) {
      t[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return NdArrays.column(t, DataType.DOUBLE);
  }

  @ParameterizedTest(name = "{0} R^{1} n = {2}")
  @CsvSource({"sphere, 3, 1", "sphere, 3, 2", "sphere, 5, 1.5", "torus, 2, 1", "torus, 3, 3", "euclidean, 2, 2"})
  void velocityMatchesCentralFiniteDifferencesOfThePoint(String name, int dim, double n) {
    Manifold m = manifold(name);
    GeodesicPath path = new GeodesicPath(m, n);
    Rng rng = Rng.seeded(3);
    INDArray x0 = points(m, dim, rng);
    INDArray x1 = points(m, dim, rng);
    INDArray t = times(rng, 0.01, 0.99);
    double h = 1e-6;
    PathSample at = path.sample(x0, x1, t);
    INDArray plus = path.sample(x0, x1, t.add(h)).xt();
    INDArray minus = path.sample(x0, x1, t.sub(h)).xt();
    // the difference quotient on the manifold: log_{x_t}(x_{t+h}) - log_{x_t}(x_{t-h}), divided by 2h
    INDArray fd = Rows.log(m, at.xt(), plus).sub(Rows.log(m, at.xt(), minus)).div(2 * h);
    double worst = NdArrays.toDoubles(fd.sub(at.ut())).length == 0 ? 0
        : java.util.Arrays.stream(NdArrays.toDoubles(fd.sub(at.ut()))).map(Math::abs).max().getAsDouble();
    System.out.printf("geodesic %s R^%d n=%s: worst |u_t - central difference| %.2e%n", name, dim, n, worst);
    assertTrue(worst < 1e-7, name + ": worst |u_t - finite difference| = " + worst);
    // tangent at x_t
    INDArray projected = Rows.projectTangents(m, at.xt(), at.ut());
    double tangency = java.util.Arrays.stream(NdArrays.toDoubles(projected.sub(at.ut()))).map(Math::abs).max()
        .getAsDouble();
    assertTrue(tangency < 1e-12, "u_t is tangent: " + tangency);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"sphere, 3", "torus, 2", "euclidean, 4"})
  void endpointsAreTheSamplesAndSpeedIsTheDistanceForN1(String name, int dim) {
    Manifold m = manifold(name);
    GeodesicPath path = new GeodesicPath(m, 1);
    Rng rng = Rng.seeded(4);
    INDArray x0 = points(m, dim, rng);
    INDArray x1 = points(m, dim, rng);
    double[] atZero = Rows.distances(m, path.sample(x0, x1, NdArrays.column(0, N, DataType.DOUBLE)).xt(), x0);
    double[] atOne = Rows.distances(m, path.sample(x0, x1, NdArrays.column(1, N, DataType.DOUBLE)).xt(), x1);
    double[] d = Rows.distances(m, x0, x1);
    PathSample mid = path.sample(x0, x1, times(rng, 0, 1));
    double[] u = NdArrays.toDoubles(mid.ut());
    for (int i = 0; i < N; i++) {
      assertEquals(0, atZero[i], 1e-12, "x_0 = x0");
      assertEquals(0, atOne[i], 1e-12, "x_1 = x1");
      double speed = 0;
      for (int j = 0; j < dim; j++) {
        speed += u[i * dim + j] * u[i * dim + j];
      }
      assertEquals(d[i], Math.sqrt(speed), 1e-12, "|u_t| = d(x0, x1) on a constant-speed geodesic");
    }
  }

  @Test
  void onTheEuclideanSpaceItIsTheAffinePath() {
    Rng rng = Rng.seeded(5);
    Manifold m = new Euclidean();
    INDArray x0 = points(m, 2, rng);
    INDArray x1 = points(m, 2, rng);
    INDArray t = times(rng, 0, 1);
    PathSample geodesic = new GeodesicPath(m, 2).sample(x0, x1, t);
    PathSample affine = new AffineProbabilityPath(new PolynomialScheduler(2)).sample(x0, x1, t);
    org.flowmatch.core.testing.NdAssert.assertClose(affine.xt(), geodesic.xt(), 1e-14);
    org.flowmatch.core.testing.NdAssert.assertClose(affine.ut(), geodesic.ut(), 1e-14);
  }

  @Test
  void onTheTorusItIsTheAffinePathWrappedWhenNoCoordinateMovesPi() {
    // pairs straddling the seam at 0: x0 near 0, x1 near 2 pi; their Euclidean lifts x0 and x1 - 2 pi are close
    Rng rng = Rng.seeded(6);
    double[] a = new double[N * 2];
    double[] b = new double[N * 2];
    double[] lift = new double[N * 2];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.4 * rng.nextDouble();
      lift[i] = -1.4 * rng.nextDouble();
      b[i] = lift[i] + 2 * Math.PI;
    }
    INDArray x0 = NdArrays.matrix(a, N, 2, DataType.DOUBLE);
    INDArray x1 = NdArrays.matrix(b, N, 2, DataType.DOUBLE);
    INDArray t = times(rng, 0, 1);
    FlatTorus torus = new FlatTorus();
    PathSample geodesic = new GeodesicPath(torus, 1).sample(x0, x1, t);
    PathSample affine = new AffineProbabilityPath(new PolynomialScheduler(1))
        .sample(x0, NdArrays.matrix(lift, N, 2, DataType.DOUBLE), t);
    double[] d = Rows.distances(torus, Rows.projectPoints(torus, affine.xt()), geodesic.xt());
    for (double v : d) {
      assertEquals(0, v, 1e-14);
    }
    org.flowmatch.core.testing.NdAssert.assertClose(affine.ut(), geodesic.ut(), 1e-14);
  }

  @Test
  void badInputIsOneLine() {
    GeodesicPath path = new GeodesicPath(new Sphere(), 1);
    INDArray on = NdArrays.matrix(new double[] {0, 0, 1}, 1, 3, DataType.DOUBLE);
    INDArray off = NdArrays.matrix(new double[] {0, 0, 2}, 1, 3, DataType.DOUBLE);
    INDArray t = NdArrays.column(0.5, 1, DataType.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> path.sample(off, on, t));
    assertEquals("x0 row 0 = [0.0, 0.0, 2.0] lies 1.0 off the sphere (tolerance 1.0E-4)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> path.convert(on, Parameterization.X1, Parameterization.VELOCITY, on, t));
    assertTrue(e.getMessage().contains("must predict velocity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GeodesicPath(new Sphere(), 0.5));
    assertTrue(e.getMessage().startsWith("exponent must be at least 1"), e.getMessage());
  }
}
