package org.flowmatch.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.ClassifierFreeGuidance;
import org.flowmatch.core.ConditionalDistribution.ConditionalSample;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.testing.NdAssert;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.paths.VPScheduler;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The labelled Gaussian-mixture oracle against closed forms: each class's field is the single-mixture oracle of
 * its components, guidance is the stated combination, conditional likelihoods are the class densities, and
 * per-class sampling reproduces each class's mixture.
 */
class ConditionalOracleTest {
  /** Three classes in 2-D: class 0 two components, class 1 one, class 2 two, unequal weights. */
  static LabelledGaussianMixture threeClasses() {
    GaussianMixture all = new GaussianMixture(new double[] {0.1, 0.25, 0.2, 0.15, 0.3},
        new double[][] {{-3, 0}, {-2, 2.5}, {2, 2}, {1, -2.5}, {3, -1}}, new double[] {0.4, 0.5, 0.6, 0.35, 0.45});
    return new LabelledGaussianMixture(all, new int[] {0, 0, 1, 2, 2});
  }

  @Test
  void classMixturesAndPriorsFollowTheLabels() {
    LabelledGaussianMixture data = threeClasses();
    assertEquals(3, data.classCount());
    assertEquals(0.35, data.prior(0), 1e-15);
    assertEquals(0.2, data.prior(1), 1e-15);
    assertEquals(0.45, data.prior(2), 1e-15);
    assertEquals(0.25 / 0.35, data.classMixture(0).weights()[1], 1e-15);
    // p(x) = sum_c p(c) p(x | c)
    INDArray x = data.sample(50, Rng.seeded(1));
    double[] marginal = NdArrays.toDoubles(data.logDensity(x));
    double[][] perClass = new double[3][];
    for (int c = 0; c < 3; c++) {
      perClass[c] = NdArrays.toDoubles(data.logDensity(x, Conditions.repeat(c, 50, 3)));
    }
    for (int i = 0; i < 50; i++) {
      double p = 0;
      for (int c = 0; c < 3; c++) {
        p += data.prior(c) * Math.exp(perClass[c][i]);
      }
      assertEquals(marginal[i], Math.log(p), 1e-12);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new LabelledGaussianMixture(data.marginal(), new int[] {0, 0, 2, 2, 2}), "class 1 has no component");
  }

  @Test
  void jointSamplesDrawTheMarginalSamplesAndLabelThemByComponent() {
    LabelledGaussianMixture data = threeClasses();
    ConditionalSample s = data.sampleWithConditions(4000, Rng.seeded(3));
    NdAssert.assertClose(data.sample(4000, Rng.seeded(3)), s.x(), 0);
    double[] x = NdArrays.toDoubles(s.x());
    int[] count = new int[3];
    double[][] mean = new double[3][2];
    for (int i = 0; i < 4000; i++) {
      int c = s.conditions().label(i);
      count[c]++;
      mean[c][0] += x[2 * i] / 1;
      mean[c][1] += x[2 * i + 1];
    }
    for (int c = 0; c < 3; c++) {
      double[] expected = data.classMixture(c).mean();
      assertEquals(data.prior(c), count[c] / 4000.0, 0.025, "prior of class " + c);
      assertEquals(expected[0], mean[c][0] / count[c], 0.1, "mean x of class " + c);
      assertEquals(expected[1], mean[c][1] / count[c], 0.1, "mean y of class " + c);
    }
  }

  /** Rows of mixed classes (and none) get exactly their class oracle's velocity, VJP and divergence. */
  @Test
  void eachRowIsEvaluatedByTheOracleOfItsClass() {
    LabelledGaussianMixture data = threeClasses();
    LabelledMixtureVelocity oracle = new LabelledMixtureVelocity(data, new VPScheduler());
    Rng rng = Rng.seeded(5);
    int n = 12;
    INDArray x = rng.gaussian(n, 2, DataType.DOUBLE).muli(2);
    INDArray t = rng.uniform(n, 1, DataType.DOUBLE);
    INDArray w = rng.gaussian(n, 2, DataType.DOUBLE);
    int[] labels = {0, 1, 2, Conditions.NONE, 2, 1, 0, 0, Conditions.NONE, 1, 2, 2};
    Linearization lin = oracle.linearize(x, t, Conditions.labels(labels, 3));
    INDArray vjp = lin.vjp(w);
    INDArray div = lin.exactDivergence().orElseThrow();
    for (int i = 0; i < n; i++) {
      GaussianMixtureVelocity single = labels[i] == Conditions.NONE
          ? new GaussianMixtureVelocity(data.marginal(), new VPScheduler())
          : new GaussianMixtureVelocity(data.classMixture(labels[i]), new VPScheduler());
      Linearization one = single.linearize(x.getRows(i), t.getRows(i));
      NdAssert.assertClose(one.velocity(), lin.velocity().getRows(i), 1e-15, "velocity row " + i);
      NdAssert.assertClose(one.vjp(w.getRows(i)), vjp.getRows(i), 1e-15, "vjp row " + i);
      NdAssert.assertClose(one.exactDivergence().orElseThrow(), div.getRows(i), 1e-15, "divergence row " + i);
    }
    // The plain velocity is the unconditional field, and given(none) is too.
    NdAssert.assertClose(new GaussianMixtureVelocity(data.marginal(), new VPScheduler()).velocity(x, t),
        oracle.velocity(x, t), 1e-15);
  }

  /**
   * The guided field equals (1 + w) v_c - w v_none computed from the single-mixture oracles, and its VJP and
   * divergence equal central differences of the guided velocity.
   */
  @Test
  void guidedOracleVelocityEqualsTheClosedForm() {
    LabelledGaussianMixture data = threeClasses();
    LabelledMixtureVelocity oracle = new LabelledMixtureVelocity(data, new CondOTScheduler());
    GaussianMixtureVelocity none = new GaussianMixtureVelocity(data.marginal(), new CondOTScheduler());
    Rng rng = Rng.seeded(7);
    int n = 9;
    INDArray x = rng.gaussian(n, 2, DataType.DOUBLE).muli(2);
    INDArray t = rng.uniform(n, 1, DataType.DOUBLE).muli(0.98);
    int[] labels = {2, 0, 1, 1, 2, 0, Conditions.NONE, 0, 2};
    for (double w : new double[] {0, 0.5, 2, 4}) {
      VelocityModel guided = ClassifierFreeGuidance.of(oracle, Conditions.labels(labels, 3), w);
      Linearization lin = guided.linearize(x, t);
      double[] v = NdArrays.toDoubles(lin.velocity());
      double[] div = NdArrays.toDoubles(lin.exactDivergence().orElseThrow());
      for (int i = 0; i < n; i++) {
        INDArray xi = x.getRows(i);
        INDArray ti = t.getRows(i);
        GaussianMixtureVelocity cond = labels[i] == Conditions.NONE ? none
            : new GaussianMixtureVelocity(data.classMixture(labels[i]), new CondOTScheduler());
        double[] vc = NdArrays.toDoubles(cond.velocity(xi, ti));
        double[] vn = NdArrays.toDoubles(none.velocity(xi, ti));
        double dc = cond.linearize(xi, ti).exactDivergence().orElseThrow().getDouble(0);
        double dn = none.linearize(xi, ti).exactDivergence().orElseThrow().getDouble(0);
        for (int j = 0; j < 2; j++) {
          assertEquals((1 + w) * vc[j] - w * vn[j], v[2 * i + j], 1e-12, "w=" + w + " row " + i);
        }
        assertEquals((1 + w) * dc - w * dn, div[i], 1e-12, "divergence, w=" + w + " row " + i);
      }
      // The VJP against central differences of the guided velocity (an independent check of the linear algebra).
      double h = 1e-6;
      INDArray u = rng.gaussian(n, 2, DataType.DOUBLE);
      INDArray vjp = lin.vjp(u);
      double[] trace = new double[n];
      for (int j = 0; j < 2; j++) {
        INDArray plus = x.dup();
        plus.getColumn(j).addi(h);
        INDArray minus = x.dup();
        minus.getColumn(j).subi(h);
        INDArray dv = guided.velocity(plus, t).sub(guided.velocity(minus, t)).divi(2 * h); // column j of J
        INDArray expected = u.mul(dv).sum(true, 1);
        NdAssert.assertClose(expected, vjp.getColumn(j, true), 1e-6, "vjp column " + j + ", w=" + w);
        double[] dvs = NdArrays.toDoubles(dv);
        for (int i = 0; i < n; i++) {
          trace[i] += dvs[2 * i + j];
        }
      }
      for (int i = 0; i < n; i++) {
        assertEquals(trace[i], div[i], 1e-6, "divergence by differences, w=" + w + " row " + i);
      }
    }
  }

  /** log p(x | c) through the conditional flow equals the class density, with per-row step control. */
  @Test
  void conditionalLogLikelihoodsMatchTheClassDensities() {
    LabelledGaussianMixture data = threeClasses();
    LabelledMixtureVelocity oracle = new LabelledMixtureVelocity(data, new CondOTScheduler());
    LogLikelihood likelihood = new LogLikelihood(
        RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-10, 1e-10, ErrorControl.PER_ROW), new ExactDivergence());
    Rng rng = Rng.seeded(11);
    ConditionalSample s = data.sampleWithConditions(30, rng);
    // Mix in some rows with no class: their likelihood is the marginal one.
    int[] labels = s.conditions().labels();
    for (int i = 0; i < labels.length; i += 5) {
      labels[i] = Conditions.NONE;
    }
    Conditions c = Conditions.labels(labels, 3);
    INDArray flow = likelihood.compute(oracle.given(c), new StandardGaussian(2), s.x(), rng).logLikelihood();
    INDArray exact = data.logDensity(s.x(), c);
    double error = NdAssert.maxAbsDiff(exact, flow);
    System.out.printf("conditional log-likelihood: max error %.2e nats%n", error);
    assertTrue(error < 1e-6, "max error " + error + " nats");
    // The wrong class gives a clearly different value, so the test can fail.
    int[] wrong = labels.clone();
    for (int i = 0; i < wrong.length; i++) {
      wrong[i] = wrong[i] == Conditions.NONE ? Conditions.NONE : (wrong[i] + 1) % 3;
    }
    INDArray mislabelled = likelihood.compute(oracle.given(Conditions.labels(wrong, 3)), new StandardGaussian(2),
        s.x(), rng).logLikelihood();
    assertTrue(NdAssert.maxAbsDiff(exact, mislabelled) > 1, "the class must matter");
  }

  /**
   * Samples of the flow given class c reproduce class c's mixture: component weights and means (by nearest
   * component), and a KL estimate against the exact class density near zero.
   */
  @Test
  void perClassSamplingReproducesEachClassMixture() {
    LabelledGaussianMixture data = threeClasses();
    LabelledMixtureVelocity oracle = new LabelledMixtureVelocity(data, new CondOTScheduler());
    RungeKuttaSolver solver = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-6, 1e-6, ErrorControl.SHARED);
    LogLikelihood likelihood = new LogLikelihood(solver, new ExactDivergence());
    Rng rng = Rng.seeded(13);
    int n = 2000;
    for (int c = 0; c < 3; c++) {
      GaussianMixture truth = data.classMixture(c);
      VelocityModel given = oracle.given(Conditions.repeat(c, n, 3));
      INDArray x = solver.solve(given, new StandardGaussian(2).sample(n, rng), 0, 1).finalState();
      double[] xs = NdArrays.toDoubles(x);
      double[][] mu = truth.means();
      int k = mu.length;
      double[] count = new double[k];
      double[][] sum = new double[k][2];
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (dist(xs, i, mu[j]) < dist(xs, i, mu[best])) {
            best = j;
          }
        }
        count[best]++;
        sum[best][0] += xs[2 * i];
        sum[best][1] += xs[2 * i + 1];
      }
      for (int j = 0; j < k; j++) {
        assertEquals(truth.weights()[j], count[j] / n, 0.035, "class " + c + " component " + j + " weight");
        assertEquals(mu[j][0], sum[j][0] / count[j], 0.1, "class " + c + " component " + j + " mean x");
        assertEquals(mu[j][1], sum[j][1] / count[j], 0.1, "class " + c + " component " + j + " mean y");
      }
      // KL(p_c || q_c) estimated on exact class samples: E[log p_c - log q_c] with q_c the flow's density.
      INDArray real = truth.sample(200, rng);
      double[] q = NdArrays.toDoubles(likelihood.compute(oracle.given(Conditions.repeat(c, 200, 3)),
          new StandardGaussian(2), real, rng).logLikelihood());
      double[] p = NdArrays.toDoubles(truth.logDensity(real));
      double kl = 0;
      for (int i = 0; i < 200; i++) {
        kl += (p[i] - q[i]) / 200;
      }
      System.out.printf("class %d: KL estimate %.2e nats%n", c, kl);
      assertEquals(0, kl, 1e-4, "class " + c + " KL estimate");
    }
  }

  @Test
  void guidanceRejectsConditionsOfTheWrongKindAndUnindexedCallsOfOtherSizes() {
    LabelledMixtureVelocity oracle = new LabelledMixtureVelocity(threeClasses(), new CondOTScheduler());
    assertThrows(IllegalArgumentException.class, () -> ClassifierFreeGuidance.of(oracle,
        Conditions.repeat(0, 3, 4), 1));
    VelocityModel guided = ClassifierFreeGuidance.of(oracle, Conditions.repeat(0, 3, 3), 1);
    assertThrows(IllegalArgumentException.class,
        () -> guided.velocity(Nd4j.zeros(DataType.DOUBLE, 2, 2), Nd4j.zeros(DataType.DOUBLE, 2, 1)));
    // With row indices, the conditions of those rows are used.
    INDArray x = Nd4j.create(new double[][] {{0.5, 0.5}});
    INDArray t = Nd4j.create(new double[][] {{0.5}});
    VelocityModel mixed = ClassifierFreeGuidance.of(oracle, Conditions.labels(new int[] {0, 1, 2}, 3), 1);
    NdAssert.assertClose(ClassifierFreeGuidance.of(oracle, Conditions.repeat(2, 1, 3), 1).velocity(x, t),
        mixed.velocity(x, t, new int[] {2}), 0);
  }

  private static double dist(double[] xs, int i, double[] mu) {
    double a = xs[2 * i] - mu[0];
    double b = xs[2 * i + 1] - mu[1];
    return a * a + b * b;
  }
}
