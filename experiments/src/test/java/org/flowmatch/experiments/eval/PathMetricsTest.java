package org.flowmatch.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.junit.jupiter.api.Test;

/**
 * Path metrics are the model's: computed from one fixed tight solve, they are the same whatever the sampling
 * solver, while the sample metrics of a coarse solver differ (NPE once depended on the solver: 0.59 with euler 8,
 * 1.17 with dopri5 for one model).
 */
class PathMetricsTest {
  private static final String ORACLE = """
      data: {type: four-clusters}
      model: {type: gmm-oracle}
      path: {type: vp}
      likelihood: {points: 20, solver: {type: rk4, steps: 4}}
      eval: {samples: 80, frames: 9, metrics: [w2, npe, straightness_deviation]}
      """;

  private static Map<String, Object> evaluate(String... solver) {
    Experiment e = Experiment.build(ExperimentConfig.parse(ORACLE, "t.yaml").withOverrides(List.of(solver)));
    return Evaluation.of(e, e.model(), new ReferenceCache()).values();
  }

  @Test
  void pathMetricsDoNotDependOnTheSamplingSolver() {
    Map<String, Object> euler = evaluate("solver.type=euler", "solver.steps=4");
    Map<String, Object> dopri5 = evaluate("solver.type=dopri5");
    assertEquals(euler.get("npe"), dopri5.get("npe"));
    assertEquals(euler.get("straightness_deviation"), dopri5.get("straightness_deviation"));
    assertNotEquals(euler.get("w2"), dopri5.get("w2"), "the samples are the solver's");
    assertEquals(4, ((Number) euler.get("nfe")).intValue(), "the sampling solve records its own NFE");
    assertTrue(((Number) euler.get("npe")).doubleValue() > 0, "VP's paths are not straight at constant speed");
  }

  @Test
  void oneSharedReferenceSolvePerModel() {
    Experiment e = Experiment.build(ExperimentConfig.parse(ORACLE, "t.yaml").withOverrides(List.of(
        "solver.type=euler", "solver.steps=4")));
    ReferenceCache cache = new ReferenceCache();
    ExperimentContext first = new ExperimentContext(e, e.model(), java.util.Set.of(
        org.flowmatch.core.eval.Need.TRAJECTORIES), cache);
    ExperimentContext second = new ExperimentContext(e, e.model(), java.util.Set.of(
        org.flowmatch.core.eval.Need.TRAJECTORIES), cache);
    assertTrue(first.trajectories() == second.trajectories(), "the second evaluation reuses the first's solve");
    assertEquals(9, first.trajectories()[0].length);
    assertEquals(0.0, first.times()[0]);
    assertEquals(1.0, first.times()[8]);
  }
}
