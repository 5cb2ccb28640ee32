package org.flowmatch.models;

import static org.flowmatch.models.GaussianMixtureTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.Scheduler.Coefficients;
import org.flowmatch.core.testing.NdAssert;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.paths.CosineScheduler;
import org.flowmatch.paths.LinearVPScheduler;
import org.flowmatch.paths.VPScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GaussianMixtureVelocityTest {

  static Stream<Scheduler> schedulers() {
    return Fixtures.schedulers().stream();
  }

  static Stream<Arguments> schedulersAndDims() {
    return Fixtures.schedulers().stream().flatMap(s -> Stream.of(Arguments.of(s, 2), Arguments.of(s, 3)));
  }

  /**
   * The oracle test: p_t (the push-forward of the mixture, computed without the field) and u_t must satisfy
   * dp/dt + div(p u) = 0, with dp/dt, grad p and div u all by central differences. This checks the velocity
   * formula independently of its derivation. Points are drawn from p_t so that p is not negligible.
   */
  @ParameterizedTest(name = "{0}, d = {1}")
  @MethodSource("schedulersAndDims")
  void continuityEquationHolds(Scheduler s, int d) {
    Rng rng = Rng.seeded(1000 * d + s.name().length());
    GaussianMixture target = Fixtures.randomMixture(3, d, rng);
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, s);
    double ht = 1e-5;
    double hx = 1e-5;
    int n = 16;
    double worst = 0;
    double worstPerturbed = 0;
    for (int trial = 0; trial < 6; trial++) {
      double t = 0.05 + 0.9 * rng.nextDouble();
      GaussianMixture pt = marginal(target, s, t);
      INDArray x = pt.sample(n, rng);
      INDArray tc = Fixtures.column(n, t);
      double[] p = density(pt, x);
      double[] pLater = density(marginal(target, s, t + ht), x);
      double[] pEarlier = density(marginal(target, s, t - ht), x);
      double[][] u = NdArrays.rows(field.velocity(x, tc));
      double[] divU = new double[n];
      double[] gradPDotU = new double[n];
      for (int j = 0; j < d; j++) {
        INDArray xPlus = Fixtures.shifted(x, j, hx);
        INDArray xMinus = Fixtures.shifted(x, j, -hx);
        double[][] uPlus = NdArrays.rows(field.velocity(xPlus, tc));
        double[][] uMinus = NdArrays.rows(field.velocity(xMinus, tc));
        double[] pPlus = density(pt, xPlus);
        double[] pMinus = density(pt, xMinus);
        for (int i = 0; i < n; i++) {
          divU[i] += (uPlus[i][j] - uMinus[i][j]) / (2 * hx);
          gradPDotU[i] += (pPlus[i] - pMinus[i]) / (2 * hx) * u[i][j];
        }
      }
      for (int i = 0; i < n; i++) {
        double dpdt = (pLater[i] - pEarlier[i]) / (2 * ht);
        double scale = Math.abs(dpdt) + Math.abs(p[i] * divU[i]) + Math.abs(gradPDotU[i]);
        worst = Math.max(worst, Math.abs(dpdt + p[i] * divU[i] + gradPDotU[i]) / scale);
        // A field off by 0.1% must fail the same check: it shows the check has the power to.
        double perturbed = Math.abs(dpdt + 1.001 * (p[i] * divU[i] + gradPDotU[i])) / scale;
        worstPerturbed = Math.max(worstPerturbed, perturbed);
      }
    }
    System.out.printf("continuity, %s, d=%d: max relative residual %.3g (a field off by 0.1%%: %.3g)%n", s, d,
        worst, worstPerturbed);
    assertTrue(worst < 1e-6, "relative residual " + worst);
    assertTrue(worstPerturbed > 1e-4, "the check cannot tell a 0.1% error: " + worstPerturbed);
  }

  /** vjp(w) against w^T J with J by central differences of velocity(); the divergence against its trace. */
  @ParameterizedTest(name = "{0}, d = {1}")
  @MethodSource("schedulersAndDims")
  void vjpAndDivergenceMatchTheFiniteDifferenceJacobian(Scheduler s, int d) {
    Rng rng = Rng.seeded(77 * d + s.name().length());
    GaussianMixture target = Fixtures.randomMixture(4, d, rng);
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, s);
    int n = 24;
    INDArray x = rng.gaussian(n, d, DataType.DOUBLE).muli(2);
    INDArray t = rng.uniform(n, 1, DataType.DOUBLE).muli(0.96).addi(0.02); // one time per row
    double h = 1e-5;
    double[][][] jac = new double[n][d][d]; // jac[i][a][b] = d u_a / d x_b at row i
    double jacScale = 0;
    for (int b = 0; b < d; b++) {
      double[][] plus = NdArrays.rows(field.velocity(Fixtures.shifted(x, b, h), t));
      double[][] minus = NdArrays.rows(field.velocity(Fixtures.shifted(x, b, -h), t));
      for (int i = 0; i < n; i++) {
        for (int a = 0; a < d; a++) {
          jac[i][a][b] = (plus[i][a] - minus[i][a]) / (2 * h);
          jacScale = Math.max(jacScale, Math.abs(jac[i][a][b]));
        }
      }
    }
    Linearization lin = field.linearize(x, t);
    NdAssert.assertClose(field.velocity(x, t), lin.velocity(), 0, "velocity");

    INDArray w = rng.gaussian(n, d, DataType.DOUBLE);
    double[][] ws = NdArrays.rows(w);
    double[][] vjp = NdArrays.rows(lin.vjp(w));
    double vjpError = 0;
    double traceError = 0;
    double[] div = lin.exactDivergence().orElseThrow().data().asDouble();
    assertArrayEquals(new long[] {n, 1}, lin.exactDivergence().orElseThrow().shape());
    for (int i = 0; i < n; i++) {
      double trace = 0;
      for (int b = 0; b < d; b++) {
        double expected = 0;
        for (int a = 0; a < d; a++) {
          expected += ws[i][a] * jac[i][a][b];
        }
        vjpError = Math.max(vjpError, Math.abs(vjp[i][b] - expected));
        trace += jac[i][b][b];
      }
      traceError = Math.max(traceError, Math.abs(div[i] - trace));
    }

    // The divergence is also sum_j (e_j^T J)_j: d products with the basis vectors.
    double[] traceOfVjps = new double[n];
    for (int j = 0; j < d; j++) {
      INDArray e = Nd4j.zeros(DataType.DOUBLE, n, d);
      e.getColumn(j).assign(1);
      double[][] row = NdArrays.rows(lin.vjp(e));
      for (int i = 0; i < n; i++) {
        traceOfVjps[i] += row[i][j];
      }
    }
    double basisError = 0;
    for (int i = 0; i < n; i++) {
      basisError = Math.max(basisError, Math.abs(div[i] - traceOfVjps[i]) / (1 + Math.abs(div[i])));
    }
    System.out.printf("jacobian, %s, d=%d: |J| <= %.3g, vjp error %.3g, trace error %.3g, sum vjp(e_i)_i error "
        + "%.3g%n", s, d, jacScale, vjpError, traceError, basisError);
    double tol = 1e-7 * (1 + jacScale);
    assertTrue(vjpError < tol, "vjp error " + vjpError);
    assertTrue(traceError < d * tol, "divergence error " + traceError);
    assertTrue(basisError < 1e-13, "divergence vs vjps " + basisError);
  }

  /**
   * The field only involves alpha, alpha', sigma^2 and sigma sigma', which are smooth on [0, 1] even where sigma'
   * is infinite (VP and linear-VP at t = 1, where sigma ~ sqrt(1 - t)). So the values at the ends must be finite
   * and differ from those a distance delta inside by O(delta), not merely O(sqrt(delta)).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("schedulers")
  void finiteAtBothEndsAndContinuousThere(Scheduler s) {
    Rng rng = Rng.seeded(5);
    GaussianMixture target = Fixtures.randomMixture(3, 2, rng);
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, s);
    int n = 20;
    INDArray x = rng.gaussian(n, 2, DataType.DOUBLE).muli(3);
    INDArray w = rng.gaussian(n, 2, DataType.DOUBLE);
    for (double end : new double[] {0, 1}) {
      Linearization at = field.linearize(x, Fixtures.column(n, end));
      INDArray[] values = {at.velocity(), at.vjp(w), at.exactDivergence().orElseThrow()};
      for (INDArray v : values) {
        assertTrue(Fixtures.allFinite(v), s + " at t = " + end + ": " + v);
      }
      double near = jumpAt(field, x, w, end, 1e-7, values);
      double nearer = jumpAt(field, x, w, end, 1e-9, values);
      System.out.printf("ends, %s, t=%s: relative difference %.3g at distance 1e-7, %.3g at 1e-9%n", s, end, near,
          nearer);
      assertTrue(near < 1e-4, "jump of " + near + " at t = " + end);
      // O(delta) shrinks 100-fold from 1e-7 to 1e-9, O(sqrt(delta)) only 10-fold.
      assertTrue(nearer < near / 30, "not Lipschitz at t = " + end + ": " + near + ", then " + nearer);
    }

    // Where alpha_0 = 0 every responsibility is the weight, so u(x, 0) = alpha'(0) E[X1] + (sigma sigma' /
    // sigma^2)(0) x and div u = d (sigma sigma' / sigma^2)(0).
    Coefficients c = s.at(0);
    if (c.alpha() == 0) {
      double slope = c.sigmaDSigma() / (c.sigma() * c.sigma());
      double[] mean = target.mean();
      INDArray expected = x.mul(slope).addiRowVector(Nd4j.createFromArray(mean).muli(c.dAlpha()));
      Linearization at0 = field.linearize(x, Fixtures.column(n, 0));
      NdAssert.assertClose(expected, at0.velocity(), 1e-13, s + " u(x, 0)");
      NdAssert.assertClose(Fixtures.column(n, 2 * slope), at0.exactDivergence().orElseThrow(), 1e-13,
          s + " div u(x, 0)");
    }
  }

  /** With x1 ~ N(0, I) a variance-preserving path keeps x_t ~ N(0, I) at every t, so nothing moves. */
  @Test
  void standardNormalDataIsAtRestUnderVariancePreservingPaths() {
    GaussianMixture normal = new GaussianMixture(new double[] {1}, new double[][] {{0, 0, 0}}, new double[] {1});
    Rng rng = Rng.seeded(9);
    INDArray x = rng.gaussian(30, 3, DataType.DOUBLE).muli(2);
    INDArray t = Nd4j.vstack(Fixtures.column(2, 0), Fixtures.column(2, 1), rng.uniform(26, 1, DataType.DOUBLE));
    for (Scheduler s : new Scheduler[] {new VPScheduler(), new LinearVPScheduler(), new CosineScheduler()}) {
      Linearization lin = new GaussianMixtureVelocity(normal, s).linearize(x, t);
      double worst = Math.max(lin.velocity().amaxNumber().doubleValue(),
          Math.max(lin.vjp(x).amaxNumber().doubleValue(),
              lin.exactDivergence().orElseThrow().amaxNumber().doubleValue()));
      System.out.printf("N(0, I) data under %s: max |u|, |vjp|, |div| = %.3g%n", s, worst);
      assertTrue(worst < 1e-12, s + ": " + worst);
    }
  }

  /**
   * Under CondOT x_t = t x1 + (1 - t) x0 ~ N(0, v I) with v = t^2 + (1 - t)^2, which is not N(0, I): the marginal
   * flow is x_t = sqrt(v(t)) z, whose velocity is (v' / 2v) x = (2t - 1) / v x.
   */
  @Test
  void standardNormalDataUnderCondOTFollowsTheVarianceChange() {
    GaussianMixture normal = new GaussianMixture(new double[] {1}, new double[][] {{0, 0}}, new double[] {1});
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(normal, new CondOTScheduler());
    INDArray x = Rng.seeded(12).gaussian(5, 2, DataType.DOUBLE);
    for (double t : new double[] {0, 0.25, 0.5, 0.8, 1}) {
      double rate = (2 * t - 1) / (t * t + (1 - t) * (1 - t));
      NdAssert.assertClose(x.mul(rate), field.velocity(x, Fixtures.column(5, t)), 1e-14, "t = " + t);
    }
  }

  /**
   * One component N(mu, s^2 I) under CondOT: x_t ~ N(t mu, v I), v = t^2 s^2 + (1 - t)^2, transported by
   * x_t = t mu + sqrt(v) z, whose velocity is mu + (v' / 2v)(x - t mu), Jacobian (v' / 2v) I.
   */
  @Test
  void singleGaussianUnderCondOTIsTheAffineTransport() {
    double s = 0.4;
    double[] mu = {1.5, -2, 0.5};
    GaussianMixture one = new GaussianMixture(new double[] {2}, new double[][] {mu}, new double[] {s});
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(one, new CondOTScheduler());
    Rng rng = Rng.seeded(13);
    INDArray x = rng.gaussian(6, 3, DataType.DOUBLE).muli(2);
    INDArray w = rng.gaussian(6, 3, DataType.DOUBLE);
    INDArray mean = Nd4j.createFromArray(mu);
    for (double t : new double[] {0, 0.1, 0.5, 0.9, 1}) {
      double v = t * t * s * s + (1 - t) * (1 - t);
      double rate = (2 * t * s * s - 2 * (1 - t)) / (2 * v);
      INDArray expected = x.subRowVector(mean.mul(t)).muli(rate).addiRowVector(mean);
      Linearization lin = field.linearize(x, Fixtures.column(6, t));
      NdAssert.assertClose(expected, lin.velocity(), 1e-13, "velocity at t = " + t);
      NdAssert.assertClose(w.mul(rate), lin.vjp(w), 1e-13, "vjp at t = " + t);
      NdAssert.assertClose(Fixtures.column(6, 3 * rate), lin.exactDivergence().orElseThrow(), 1e-13,
          "divergence at t = " + t);
    }
  }

  @Test
  void float32InFloat32OutCloseToDouble() {
    Rng rng = Rng.seeded(21);
    GaussianMixture target = Fixtures.randomMixture(3, 2, rng);
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, new VPScheduler());
    INDArray x = rng.gaussian(40, 2, DataType.DOUBLE).muli(2);
    INDArray t = rng.uniform(40, 1, DataType.DOUBLE);
    INDArray w = rng.gaussian(40, 2, DataType.DOUBLE);
    Linearization exact = field.linearize(x, t);
    Linearization single = field.linearize(x.castTo(DataType.FLOAT), t.castTo(DataType.FLOAT));
    INDArray[] doubles = {exact.velocity(), exact.vjp(w), exact.exactDivergence().orElseThrow()};
    INDArray[] floats = {single.velocity(), single.vjp(w.castTo(DataType.FLOAT)),
        single.exactDivergence().orElseThrow()};
    double worst = 0;
    for (int q = 0; q < 3; q++) {
      assertEquals(DataType.FLOAT, floats[q].dataType());
      worst = Math.max(worst, NdAssert.maxAbsDiff(doubles[q], floats[q]));
    }
    System.out.printf("float32 vs double: max difference %.3g%n", worst);
    assertTrue(worst < 1e-5, "float32 differs by " + worst);
    assertEquals(DataType.DOUBLE, doubles[0].dataType());
  }

  /**
   * A batch of 10,000 with K = 8, d = 2 (the size solvers use), given in Fortran order and as a strided view:
   * rows agree with one-row evaluations at their own times, arrays are fresh, inputs untouched.
   */
  @Test
  void largeBatchesViewsAndFreshArrays() {
    Rng rng = Rng.seeded(8);
    GaussianMixture target = Fixtures.randomMixture(8, 2, rng);
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, new CosineScheduler());
    int n = 10_000;
    INDArray x = rng.gaussian(n, 2, DataType.DOUBLE).muli(2);
    INDArray t = rng.uniform(n, 1, DataType.DOUBLE);
    INDArray xCopy = x.dup();
    long start = System.nanoTime();
    Linearization lin = field.linearize(x.dup('f'), t);
    INDArray u = lin.velocity();
    lin.vjp(x);
    lin.exactDivergence();
    System.out.printf("batch %d, K=8, d=2: linearize + velocity + vjp + divergence in %.1f ms%n", n,
        (System.nanoTime() - start) / 1e6);
    assertEquals(xCopy, x);
    assertArrayEquals(new long[] {n, 2}, u.shape());
    for (int i : new int[] {0, 1, 4321, n - 1}) {
      INDArray row = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
      INDArray ti = t.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
      NdAssert.assertClose(u.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), field.velocity(row, ti),
          1e-15, "row " + i);
    }
    // A strided view (every other row) reads the right entries.
    INDArray everyOther = x.get(NDArrayIndex.interval(0, 2, 20), NDArrayIndex.all());
    INDArray everyOtherT = t.get(NDArrayIndex.interval(0, 2, 20), NDArrayIndex.all());
    NdAssert.assertClose(u.get(NDArrayIndex.interval(0, 2, 20), NDArrayIndex.all()),
        field.velocity(everyOther, everyOtherT), 1e-15, "strided view");
    lin.velocity().muli(0);
    NdAssert.assertClose(u, lin.velocity(), 0, "velocity() is fresh");
  }

  @Test
  void invalidInputsAreNamed() {
    GaussianMixture target = Fixtures.randomMixture(2, 2, Rng.seeded(1));
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, new CondOTScheduler());
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 2);
    INDArray t = Fixtures.column(4, 0.5);
    assertMessage(() -> field.linearize(Nd4j.zeros(DataType.DOUBLE, 4, 3), t),
        "x must have shape [batch, 2], got [4, 3]");
    assertMessage(() -> field.linearize(x, Nd4j.zeros(DataType.DOUBLE, 4, 2)), "t must have shape [4, 1], got [4, 2]");
    assertMessage(() -> field.linearize(x, Fixtures.column(3, 0.5)), "t must have shape [4, 1], got [3, 1]");
    assertMessage(() -> field.linearize(x, Nd4j.createFromArray(new double[][] {{0.5}, {1.5}, {0}, {1}})),
        "t must lie in [0, 1], got values in [0.0, 1.5]");
    assertMessage(() -> field.linearize(x, Fixtures.column(4, -0.1)), "t must lie in [0, 1], got values in [-0.1");
    assertMessage(() -> field.linearize(x, Fixtures.column(4, Double.NaN)), "t must be finite, but holds NaN at [0, 0]");
    INDArray bad = x.dup();
    bad.putScalar(1, 0, Double.NaN);
    assertMessage(() -> field.velocity(bad, t), "x must be finite, but holds NaN at [1, 0]");
    assertMessage(() -> field.linearize(x, t).vjp(Nd4j.zeros(DataType.DOUBLE, 3, 2)),
        "w must have shape [4, 2], got [3, 2]");
    assertMessage(() -> new GaussianMixtureVelocity(null, new CondOTScheduler()), "target must not be null");
    assertMessage(() -> new GaussianMixtureVelocity(target, null), "scheduler must not be null");
    assertMessage(() -> field.marginal(1.5), "t must lie in [0, 1], got 1.5");
  }

  @Test
  void describesItself() {
    GaussianMixture target = Fixtures.randomMixture(2, 3, Rng.seeded(1));
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(target, new CondOTScheduler());
    assertEquals(3, field.dim());
    assertEquals("standard-gaussian", field.source().name());
    assertTrue(field.toString().startsWith("gmm-oracle("), field.toString());
    // marginal(t) is the push-forward by (alpha_t, sigma_t): at t = 1 the target, at t = 0 the source.
    assertArrayEquals(target.stds(), field.marginal(1).stds(), 0);
    assertArrayEquals(new double[] {1, 1}, field.marginal(0).stds(), 0);
  }

  /** The largest relative difference of velocity, vjp and divergence at the end and delta inside. */
  private static double jumpAt(GaussianMixtureVelocity field, INDArray x, INDArray w, double end, double delta,
      INDArray[] atEnd) {
    Linearization near = field.linearize(x, Fixtures.column(x.rows(), end == 0 ? delta : 1 - delta));
    INDArray[] values = {near.velocity(), near.vjp(w), near.exactDivergence().orElseThrow()};
    double worst = 0;
    for (int q = 0; q < values.length; q++) {
      worst = Math.max(worst, NdAssert.maxAbsDiff(atEnd[q], values[q]) / (1 + atEnd[q].amaxNumber().doubleValue()));
    }
    return worst;
  }

  private static GaussianMixture marginal(GaussianMixture target, Scheduler s, double t) {
    Coefficients c = s.at(t);
    return target.pushForward(c.alpha(), c.sigma());
  }

  private static double[] density(GaussianMixture m, INDArray x) {
    double[] lp = m.logDensity(x).data().asDouble();
    for (int i = 0; i < lp.length; i++) {
      lp[i] = Math.exp(lp[i]);
    }
    return lp;
  }
}
