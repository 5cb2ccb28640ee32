package org.flowmatch.experiments.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.manifolds.GeodesicPath;
import org.flowmatch.manifolds.ProjectedSolver;
import org.flowmatch.manifolds.TangentModel;
import org.junit.jupiter.api.Test;

/**
 * The shipped manifold configs build through the registries alone; a solver that would step off the manifold, a
 * solver on another manifold and a likelihood metric are rejected in one line; the manifold metrics are the default.
 */
class ManifoldExperimentTest {
  private static final Path SPHERE = Path.of("configs", "sphere-checkerboard.yaml");
  private static final Path TORUS = Path.of("configs", "torus-checkerboard.yaml");

  private static Experiment build(Path config, String... overrides) throws Exception {
    return Experiment.build(ExperimentConfig.load(config).withOverrides(List.of(overrides)));
  }

  @Test
  void theShippedConfigsBuild() throws Exception {
    for (Path config : List.of(SPHERE, TORUS)) {
      Experiment e = build(config, "model.width=8", "model.depth=1");
      assertInstanceOf(GeodesicPath.class, e.path());
      assertInstanceOf(TangentModel.class, e.model());
      assertInstanceOf(ProjectedSolver.class, e.sampler());
      List<String> metrics = e.metrics().stream().map(Metric::name).toList();
      assertTrue(metrics.containsAll(List.of("geodesic_w2", "off_manifold")), metrics.toString());
      assertTrue(!metrics.contains("nll_nats") && !metrics.contains("npe"), metrics.toString());
    }
    assertEquals(3, build(SPHERE, "model.width=8", "model.depth=1").data().dim());
  }

  @Test
  void anAffineOnlySolverOnAManifoldIsOneLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> build(TORUS, "solver.type=dopri5"));
    assertTrue(e.getMessage().contains("solver.type") && e.getMessage().contains("'dopri5' is an affine-only solver,"
        + " but path 'geodesic' lives on the torus: use projected-euler"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> build(TORUS, "solver.manifold=sphere"));
    assertTrue(e.getMessage().contains("the solver steps on the sphere, but the path lives on the torus"),
        e.getMessage());
  }

  @Test
  void aLikelihoodMetricOnAManifoldSaysWhy() {
    ConfigException e = assertThrows(ConfigException.class, () -> build(SPHERE, "eval.metrics=[nll_nats]"));
    assertTrue(e.getMessage().contains("lives on the sphere, where a likelihood needs the Riemannian divergence"),
        e.getMessage());
  }
}
