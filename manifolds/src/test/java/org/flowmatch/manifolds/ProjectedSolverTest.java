package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.VelocityField;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.GaussianMixtureVelocity;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The projected solvers: one step of each is flow_matching's RiemannianODESolver step, transcribed by hand below;
 * and the whole, on the flat torus, against a flow known exactly: a Gaussian mixture near the seam at 0 with a
 * narrow Gaussian source, where every pair is closer than pi in every coordinate, so the geodesic path is the
 * Euclidean one wrapped, and the marginal flow is the Gaussian-mixture oracle's, wrapped.
 */
class ProjectedSolverTest {
  private static final Sphere SPHERE = new Sphere();

  /** A field that is not tangent: f(x, t) = A x + t b, so the solver's velocity projection matters. */
  private static double[] f(double[] x, double t) {
    return new double[] {0.3 * x[0] - 1.1 * x[1] + 0.2 * x[2] + t, 0.9 * x[0] + 0.1 * x[2] - 0.5 * t,
        -0.4 * x[0] + 0.7 * x[1] + 0.2 * x[2] + 2 * t};
  }

  private static final VelocityField FIELD = (x, t) -> {
    double[] xs = NdArrays.toDoubles(x);
    double[] ts = NdArrays.toDoubles(t);
    double[] out = new double[xs.length];
    for (int i = 0; i < ts.length; i++) {
      System.arraycopy(f(Arrays.copyOfRange(xs, 3 * i, 3 * i + 3), ts[i]), 0, out, 3 * i, 3);
    }
    return NdArrays.matrix(out, x.rows(), 3, x.dataType());
  };

  // flow_matching's velocity_fn and projx_fn
  private static double[] vf(double[] x, double t) {
    double[] out = new double[3];
    SPHERE.projectTangent(x, f(x, t), out);
    return out;
  }

  private static double[] px(double[] x) {
    double[] out = new double[3];
    SPHERE.projectPoint(x, out);
    return out;
  }

  private static double[] axpy(double[] x, double h, double[] k) {
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = x[i] + h * k[i];
    }
    return out;
  }

  private static double[] lin(double a, double[] p, double b, double[] q) {
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = a * p[i] + b * q[i];
    }
    return out;
  }

  private static double[] oneStep(String method, double[] x, double t0, double dt) {
    RungeKuttaSolver engine = RungeKuttaSolver.fixed(switch (method) {
      case "euler" -> Tableaus.EULER;
      case "midpoint" -> Tableaus.MIDPOINT;
      default -> Tableaus.RK38;
    }, 1);
    INDArray y0 = NdArrays.matrix(x, 1, 3, DataType.DOUBLE);
    return NdArrays.toDoubles(new ProjectedSolver(SPHERE, engine).solve(FIELD, y0, t0, t0 + dt).finalState());
  }

  @Test
  void eachStepIsFlowMatchingsRiemannianStep() {
    double[] x = px(new double[] {0.3, -0.5, 0.8});
    double t0 = 0.2;
    double dt = 0.15;
    double[] euler = px(axpy(x, dt, vf(x, t0)));
    double[] xMid = px(axpy(x, dt / 2, vf(x, t0)));
    double[] midpoint = px(axpy(x, dt, vf(xMid, t0 + dt / 2)));
    double[] k1 = vf(x, t0);
    double[] k2 = vf(px(axpy(x, dt / 3, k1)), t0 + dt / 3);
    double[] k3 = vf(px(axpy(x, dt, lin(1, k2, -1.0 / 3, k1))), t0 + dt * 2 / 3);
    double[] k4 = vf(px(axpy(x, dt, lin(1, lin(1, k1, -1, k2), 1, k3))), t0 + dt);
    double[] sum = lin(1, lin(1, k1, 3, lin(1, k2, 1, k3)), 1, k4);
    double[] rk4 = px(axpy(x, dt * 0.125, sum));
    assertClose(euler, oneStep("euler", x, t0, dt), "euler");
    assertClose(midpoint, oneStep("midpoint", x, t0, dt), "midpoint");
    assertClose(rk4, oneStep("rk4-38", x, t0, dt), "rk4 (3/8 rule)");
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-15, what + " coordinate " + i);
    }
  }

  @Test
  void onTheTorusTheProjectedSolveIsTheEuclideanSolveWrapped() {
    double s = 0.25;
    // in torus coordinates y = s z: components at (+-0.4, +-0.4) of std 0.08; source N(0, s^2 I), |y| < pi/2
    GaussianMixture z = new GaussianMixture(new double[] {1, 1, 1, 1},
        new double[][] {{0.4 / s, 0.4 / s}, {-0.4 / s, 0.4 / s}, {0.4 / s, -0.4 / s}, {-0.4 / s, -0.4 / s}},
        new double[] {0.08 / s, 0.08 / s, 0.08 / s, 0.08 / s});
    GaussianMixtureVelocity oracle = new GaussianMixtureVelocity(z, new CondOTScheduler());
    FlatTorus torus = new FlatTorus();
    VelocityField onTorus = (y, t) -> {
      double[] lifted = NdArrays.toDoubles(y);
      for (int i = 0; i < lifted.length; i++) {
        lifted[i] = (FlatTorus.wrap(lifted[i] + Math.PI) - Math.PI) / s;
      }
      return oracle.velocity(NdArrays.matrix(lifted, y.rows(), 2, y.dataType()), t).mul(s);
    };
    int n = 400;
    Rng rng = Rng.seeded(7);
    INDArray z0 = new StandardGaussian(2).sample(n, rng);
    int steps = 40;
    INDArray z1 = RungeKuttaSolver.fixed(Tableaus.RK4, steps).solve(oracle, z0, 0, 1).finalState();
    INDArray euclidean = Rows.projectPoints(torus, z1.mul(s));
    INDArray y1 = new ProjectedSolver(torus, RungeKuttaSolver.fixed(Tableaus.RK4, steps))
        .solve(onTorus, Rows.projectPoints(torus, z0.mul(s)), 0, 1).finalState();
    double worst = Arrays.stream(Rows.distances(torus, euclidean, y1)).max().getAsDouble();
    System.out.printf("torus oracle: worst geodesic distance, projected rk4 vs Euclidean rk4 wrapped: %.2e%n", worst);
    assertTrue(worst < 1e-13, "worst " + worst);
    long crossed = Arrays.stream(NdArrays.toDoubles(y1)).filter(v -> v > Math.PI).count();
    assertTrue(crossed > n / 2, "the samples straddle the seam at 0: " + crossed + " coordinates beyond pi");

    // and the samples follow the wrapped mixture: the oracle field is odd in each coordinate, so no trajectory
    // crosses an axis; every sample ends in the component of its source's quadrant, within 6 stds of its mean
    double[] starts = NdArrays.toDoubles(z0);
    double[] ends = NdArrays.toDoubles(y1);
    double worstRadius = 0;
    for (int i = 0; i < n; i++) {
      double[] center = {Math.copySign(0.4, starts[2 * i]), Math.copySign(0.4, starts[2 * i + 1])};
      double[] lifted = {FlatTorus.wrap(center[0]), FlatTorus.wrap(center[1])};
      worstRadius = Math.max(worstRadius, torus.distance(lifted, new double[] {ends[2 * i], ends[2 * i + 1]}));
    }
    System.out.printf("torus oracle: farthest sample from its quadrant's component mean: %.3f (std 0.08)%n",
        worstRadius);
    assertTrue(worstRadius < 6 * 0.08, "a sample ended " + worstRadius + " from its component's mean");
  }

  @Test
  void aStartOffTheManifoldIsOneLine() {
    ProjectedSolver solver = new ProjectedSolver(SPHERE, RungeKuttaSolver.fixed(Tableaus.EULER, 2));
    INDArray y0 = NdArrays.matrix(new double[] {0, 0, 1, 0.5, 0.5, 0}, 2, 3, DataType.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> solver.solve(FIELD, y0, 0, 1));
    assertTrue(e.getMessage().startsWith("y0 row 1 = [0.5, 0.5, 0.0] lies 0.29289"), e.getMessage());
  }

  @Test
  void samplesStayOnTheSphere() {
    INDArray y0 = new WrappedDistribution("g", new StandardGaussian(2), SPHERE, new double[] {0, 0, 1}, 0.5)
        .sample(100, Rng.seeded(8));
    INDArray y1 = new ProjectedSolver(SPHERE, RungeKuttaSolver.fixed(Tableaus.RK4, 10)).solve(FIELD, y0, 0, 1)
        .finalState();
    assertTrue(ManifoldMetrics.offManifold(SPHERE, y1)[0] < 1e-15);
    INDArray drift = RungeKuttaSolver.fixed(Tableaus.RK4, 10).solve(FIELD, y0, 0, 1).finalState();
    assertTrue(ManifoldMetrics.offManifold(SPHERE, drift)[0] > 0.1, "without projection the field leaves it");
  }
}
