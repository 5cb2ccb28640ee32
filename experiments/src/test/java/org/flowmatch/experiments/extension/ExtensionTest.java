package org.flowmatch.experiments.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flowmatch.core.NdArrays;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.experiments.wiring.Registries;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.GaussianMixtureVelocity;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A module found through ServiceLoader adds a solver and a path by name; the framework is unchanged. */
class ExtensionTest {
  private static final String ORACLE = "data:\n  type: gaussian-mixture\n  weights: [1, 2]\n"
      + "  means: [[-2, 0], [2, 1]]\n  stds: [0.4, 0.6]\nmodel:\n  type: gmm-oracle\n";

  @Test
  void theExtensionIsRegisteredBesideTheBuiltIns() {
    Registries r = Experiment.injector(ExperimentConfig.parse("", "t")).getInstance(Registries.class);
    assertTrue(r.of(Registries.Kind.SOLVERS).containsKey("ralston"));
    assertTrue(r.of(Registries.Kind.SOLVERS).containsKey("rk4"));
    assertTrue(r.of(Registries.Kind.PATHS).containsKey("quadratic"));
  }

  @Test
  void configsUseItByNameAndItConvergesAtOrderTwo() {
    Experiment e = Experiment.build(ExperimentConfig.parse(ORACLE, "t").withOverrides(
        List.of("solver.type=ralston", "path.type=quadratic")));
    assertEquals("ralston", e.sampler().name());
    assertEquals("polynomial", e.path().name());
    INDArray x0 = e.source().sample(200, e.seeds().sample().copy());
    INDArray reference = Experiment.build(ExperimentConfig.parse(ORACLE, "t").withOverrides(List.of(
        "path.type=quadratic", "solver.type=dopri5", "solver.rtol=1e-11", "solver.atol=1e-11")))
        .sampler().solve(e.model(), x0, 0, 1).finalState();
    double[] errors = new double[2];
    for (int i = 0; i < 2; i++) {
      Experiment k = Experiment.build(ExperimentConfig.parse(ORACLE, "t").withOverrides(List.of(
          "solver.type=ralston", "path.type=quadratic", "solver.steps=" + (256 << i))));
      OdeSolution s = k.sampler().solve(k.model(), x0, 0, 1);
      errors[i] = Transforms.abs(s.finalState().sub(reference)).meanNumber().doubleValue();
    }
    double order = Math.log(errors[0] / errors[1]) / Math.log(2);
    assertEquals(2, order, 0.3, "measured order " + order);
    assertTrue(e.model() instanceof GaussianMixtureVelocity && e.data() instanceof GaussianMixture);
  }

  @Test
  void anExtensionMetricIsChosenByNameAndReadsTheSharedSamples() {
    Experiment e = Experiment.build(ExperimentConfig.parse(ORACLE, "t").withOverrides(List.of(
        "eval.metrics=[mean_shift, w2]", "eval.samples=50", "solver.type=rk4", "solver.steps=4")));
    Map<String, Object> v = Evaluation.of(e, e.model(), new ReferenceCache()).values();
    double[][] samples = NdArrays.rows(e.sampler().solve(e.model(), e.source().sample(50, e.seeds().sample().copy()),
        0, 1).finalState());
    double[][] data = NdArrays.rows(e.data().sample(50, e.seeds().heldOut().copy()));
    double[] d = new double[2];
    for (int i = 0; i < 50; i++) {
      for (int j = 0; j < 2; j++) {
        d[j] += (samples[i][j] - data[i][j]) / 50;
      }
    }
    assertEquals(Math.hypot(d[0], d[1]), (double) v.get("mean_shift"), 1e-12);
    assertEquals(List.of("sample_s", "samples", "nfe", "row_evaluations", "mean_shift", "w2"),
        List.copyOf(v.keySet()));
  }
}
