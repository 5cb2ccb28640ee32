package org.flowmatch.experiments.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.models.GaussianMixtureVelocity;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.VPScheduler;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.junit.jupiter.api.Test;

/** Configs become components through the registries, and every mistake is named. */
class ExperimentTest {

  private static Experiment build(String yaml, String... overrides) {
    return Experiment.build(ExperimentConfig.parse(yaml, "t.yaml").withOverrides(List.of(overrides)));
  }

  private static IllegalArgumentException fails(String yaml, String... overrides) {
    return assertThrows(IllegalArgumentException.class, () -> build(yaml, overrides));
  }

  @Test
  void configPicksComponentsByName() {
    Experiment e = build("data:\n  type: four-clusters\nmodel:\n  width: 16\n  depth: 1\n",
        "path.type=vp", "solver.type=rk4", "solver.steps=7", "seed=4");
    assertEquals("four-clusters", e.data().name());
    assertInstanceOf(StandardGaussian.class, e.source());
    assertInstanceOf(VPScheduler.class, ((AffineProbabilityPath) e.path()).scheduler().orElseThrow());
    assertInstanceOf(MlpVelocityModel.class, e.model());
    RungeKuttaSolver solver = (RungeKuttaSolver) e.sampler();
    assertEquals("rk4", solver.name());
    assertEquals(FixedGrid.steps(7).steps(), ((FixedGrid) solver.control()).steps());
    assertEquals(4, e.seeds().seed());
    assertTrue(e.trainable());
  }

  @Test
  void theOracleNeedsAMixtureAndTrainsNothing() {
    Experiment e = build("data:\n  type: gaussian-mixture\n  weights: [1, 1]\n  means: [[-2, 0], [2, 0]]\n"
        + "  stds: [0.5, 0.5]\nmodel:\n  type: gmm-oracle\n");
    assertInstanceOf(GaussianMixtureVelocity.class, e.model());
    assertFalse(e.trainable());
    IllegalArgumentException err = fails("data:\n  type: moons\nmodel:\n  type: gmm-oracle\n");
    assertTrue(err.getMessage().contains("model.type = 'gmm-oracle'") && err.getMessage().contains("moons"),
        err.getMessage());
  }

  @Test
  void unknownKeysAreErrorsWithASuggestion() {
    IllegalArgumentException e = fails("solver:\n  rtl: 1e-6\n");
    assertTrue(e.getMessage().contains("unknown key 'solver.rtl'") && e.getMessage().contains("did you mean 'solver.rtol'"),
        e.getMessage());
    e = fails("", "trian.steps=3");
    assertTrue(e.getMessage().contains("unknown key 'trian.steps'") && e.getMessage().contains("train.steps"),
        e.getMessage());
  }

  @Test
  void sinkhornCouplingReadsItsRegularisationBesideItsName() {
    Experiment e = build("", "train.coupling=sinkhorn", "train.coupling_reg=0.3", "path.type=schrodinger-bridge",
        "path.sigma=0.4");
    assertEquals(0.3, ((org.flowmatch.models.ot.SinkhornCoupling) e.coupling()).reg(), 0);
    assertEquals("bridge(0.4)", ((org.flowmatch.paths.NoisyPath) e.path()).noise().toString());
    IllegalArgumentException err = fails("", "train.coupling=sinkhorn", "train.coupling_reg=0");
    assertTrue(err.getMessage().contains("train.coupling_reg"), err.getMessage());
  }

  @Test
  void unknownNamesListTheRegisteredOnes() {
    IllegalArgumentException e = fails("", "path.type=straight");
    assertTrue(e.getMessage().contains("path.type = 'straight'") && e.getMessage().contains("condot")
        && e.getMessage().contains("linear-vp"), e.getMessage());
    e = fails("", "train.coupling=gromov");
    assertTrue(e.getMessage().contains("train.coupling = 'gromov'")
        && e.getMessage().contains("[independent, ot, sinkhorn]"),
        e.getMessage());
  }

  @Test
  void invalidValuesNameTheKeyTheValueAndWhy() {
    IllegalArgumentException e = fails("", "solver.type=dopri5", "solver.rtol=-1");
    assertTrue(e.getMessage().contains("rtol") && e.getMessage().contains("-1"), e.getMessage());
    e = fails("", "train.steps=many");
    assertTrue(e.getMessage().contains("train.steps = 'many'") && e.getMessage().contains("whole number"),
        e.getMessage());
    e = fails("data:\n  type: gaussian-mixture\n  weights: [1, 1]\n  means: [[0, 0], [1]]\n  stds: [1, 1]\n");
    assertTrue(e.getMessage().contains("data.means") && e.getMessage().contains("item 1"), e.getMessage());
    e = fails("", "model.activation=gelu");
    assertTrue(e.getMessage().contains("model.activation = 'gelu'") && e.getMessage().contains("silu"),
        e.getMessage());
    e = fails("", "solver.error_control=everywhere");
    assertTrue(e.getMessage().contains("solver.error_control = 'everywhere'"), e.getMessage());
  }

  @Test
  void theResolvedConfigHoldsEveryValueUsedAndRebuildsItself() {
    Experiment e = build("data:\n  type: moons\nmodel:\n  width: 16\n  depth: 1\n", "solver.error_control=per-row");
    ExperimentConfig resolved = e.resolved();
    assertEquals(1e-5, ((Number) resolved.get("solver.rtol").orElseThrow()).doubleValue());
    assertEquals("per-row", resolved.get("solver.error_control").orElseThrow());
    assertEquals("condot", resolved.get("path.type").orElseThrow());
    assertEquals(2000, ((Number) resolved.get("train.steps").orElseThrow()).intValue());
    assertEquals(ErrorControl.PER_ROW, ((org.flowmatch.solvers.Adaptive) ((RungeKuttaSolver) e.sampler())
        .control()).mode());
    Experiment again = Experiment.build(ExperimentConfig.parse(resolved.toYaml(), "resolved.yaml"));
    assertEquals(resolved, again.resolved(), "the resolved config is a fixed point");
  }

  @Test
  void eightGaussiansToMoonsHasASourceWithoutData() {
    Experiment e = build("data:\n  type: moons\nsource:\n  type: eight-gaussians\nmodel:\n  width: 8\n  depth: 1\n");
    assertEquals("eight-gaussians", e.source().name());
    assertTrue(e.source().hasDensity());
    Experiment f = build("data:\n  type: eight-gaussians\nsource:\n  type: moons\nmodel:\n  width: 8\n  depth: 1\n");
    assertFalse(f.source().hasDensity());
  }

  @Test
  void shippedConfigsBuild() {
    for (String name : List.of("four-clusters", "eight-gaussians", "moons", "checkerboard", "gmm-oracle",
        "digits")) {
      Experiment e = Experiment.build(ExperimentConfig.load(Path.of("configs", name + ".yaml")));
      assertEquals(name, e.name());
    }
  }

  @Test
  void theOracleRefusesASourceItWasNotDerivedFor() {
    IllegalArgumentException e = fails("data:\n  type: eight-gaussians\nsource:\n  type: moons\nmodel:\n"
        + "  type: gmm-oracle\n");
    assertTrue(e.getMessage().contains("N(0, I) source") && e.getMessage().contains("moons"), e.getMessage());
  }

  @Test
  void dopri5StaysAdaptiveWhenAFixedStepCountIsLeftOverAndNullRemovesAKey() {
    String fixed = "data:\n  type: eight-gaussians\nmodel:\n  type: gmm-oracle\nsolver:\n  type: rk4\n  steps: 10\n";
    RungeKuttaSolver s = (RungeKuttaSolver) build(fixed, "solver.type=dopri5").sampler();
    assertInstanceOf(org.flowmatch.solvers.Adaptive.class, s.control(), "solver.steps is rk4's, not dopri5's");
    RungeKuttaSolver f = (RungeKuttaSolver) build(fixed, "solver.type=dopri5", "solver.fixed_steps=12").sampler();
    assertEquals(12, ((FixedGrid) f.control()).steps());
    assertFalse(build(fixed, "solver.steps=null").resolved().has("solver.steps") 
        && ((FixedGrid) ((RungeKuttaSolver) build(fixed, "solver.steps=null").sampler()).control()).steps() == 10,
        "null removes the key: rk4 falls back to its default steps");
  }

  @Test
  void theLikelihoodCanReuseTheSamplingSolver() {
    Experiment e = build("data:\n  type: eight-gaussians\nmodel:\n  type: gmm-oracle\n", "solver.type=euler",
        "likelihood.solver.type=same");
    assertTrue(e.likelihood().solver() == e.sampler());
    assertEquals("same", e.resolved().get("likelihood.solver.type").orElseThrow());
  }

  @Test
  void configErrorsAreConfigExceptions() {
    assertInstanceOf(ConfigException.class, fails("", "seed=1.5"));
  }
}
