package org.flowmatch.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.experiments.CountingModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.metrics.LikelihoodMetrics;
import org.flowmatch.experiments.metrics.SlicedWasserstein;
import org.flowmatch.experiments.metrics.Wasserstein;
import org.flowmatch.experiments.wiring.Experiment;
import org.junit.jupiter.api.Test;

/** The one evaluation path: metric selection, shared ingredients computed once, one name per value. */
class EvaluationTest {
  private static final String ORACLE = """
      data: {type: four-clusters}
      model: {type: gmm-oracle}
      solver: {type: rk4, steps: 4}
      likelihood: {points: 40, solver: {type: rk4, steps: 4}}
      eval: {samples: 60, frames: 5}
      """;

  private static Experiment build(String... overrides) {
    return Experiment.build(ExperimentConfig.parse(ORACLE, "t.yaml").withOverrides(List.of(overrides)));
  }

  private static List<String> names(Experiment e) {
    return e.metrics().stream().map(Metric::name).toList();
  }

  @Test
  void theDefaultsAreEveryFeedableMetricWithReferencesOnlyWhenAskedAndExactOnesOnlyUpToTheirSize() {
    // mean_shift is the test extension's metric (extension.RalstonExtension), on this class path
    assertEquals(List.of("bits_per_dim", "energy", "kl_nats", "mean_shift", "mmd", "nll_nats", "npe", "sliced_w2",
        "straightness_deviation", "w1", "w2"), names(build()));
    assertTrue(names(build("eval.reference=true")).containsAll(List.of("sample_error", "likelihood_error")));
    assertEquals(Boolean.FALSE, build().resolved().get("eval.reference").orElseThrow(), "a boolean, not 'false'");
    assertTrue(build().resolved().toYaml().contains("reference: false"));
    List<String> large = names(build("eval.samples=2001"));
    assertFalse(large.contains("w2") || large.contains("w1"), large.toString());
    assertTrue(large.contains("sliced_w2"));
    // moons has no density: the KL metric cannot be fed and is not a default
    List<String> moons = names(Experiment.build(ExperimentConfig.parse(
        "data: {type: moons}\nmodel: {width: 8, depth: 1}\n", "m.yaml")));
    assertFalse(moons.contains("kl_nats"), moons.toString());
    assertTrue(moons.contains("nll_nats"), moons.toString());
  }

  @Test
  void aChosenMetricThatCannotBeFedOrDoesNotExistIsOneLineNamingTheKey() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> build("eval.metrics=[sliced_w2, fid]"));
    assertTrue(unknown.getMessage().contains("eval.metrics") && unknown.getMessage().contains("'fid'")
        && unknown.getMessage().contains("sliced_w2"), unknown.getMessage());
    IllegalArgumentException unfed = assertThrows(IllegalArgumentException.class, () -> Experiment.build(
        ExperimentConfig.parse("data: {type: moons}\nmodel: {width: 8, depth: 1}\neval: {metrics: [kl_nats]}\n",
            "m.yaml")));
    assertTrue(unfed.getMessage().contains("'kl_nats' needs") && unfed.getMessage().contains("moons"),
        unfed.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> build("eval.metrics=[mmd, mmd]"));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
        () -> build("eval.sliced_w2.projections=0"));
    assertTrue(key.getMessage().contains("eval.sliced_w2.projections"), key.getMessage());
  }

  @Test
  void eachIngredientIsComputedOnceAndOnlyWhenAMetricNeedsIt() {
    Experiment e = build("eval.metrics=[w2, sliced_w2, npe, straightness_deviation]");
    CountingModel model = new CountingModel(e.model());
    ReferenceCache cache = new ReferenceCache();
    Evaluation ev = Evaluation.of(e, model, cache);
    int first = model.calls();
    assertTrue(first > 4 * 4, "one rk4 solve of 4 steps for the samples, one tight solve for the paths");
    assertEquals(16, ev.values().get("nfe"));
    Evaluation.of(e, model, cache);
    assertEquals(first + 16, model.calls(), "another evaluation of the model reuses the paths' solve");
    assertFalse(ev.values().containsKey("likelihood_nfe"), "no metric needs likelihoods: none computed");
    assertEquals(List.of("sample_s", "samples", "nfe", "row_evaluations", "w2", "sliced_w2", "npe",
        "straightness_deviation"), List.copyOf(ev.values().keySet()));

    Experiment l = build("eval.metrics=[nll_nats, bits_per_dim, kl_nats]");
    CountingModel lm = new CountingModel(l.model());
    Evaluation lv = Evaluation.of(l, lm, new ReferenceCache());
    assertEquals(16 + 16, lm.calls(), "one sampling solve and one likelihood solve (rk4, 4 steps each)");
    assertTrue(lv.values().containsKey("nll_nats_se") && lv.values().containsKey("kl_nats_se"));
  }

  @Test
  void theValuesAreThoseOfTheMetricFunctionsOnTheSameDraws() {
    Experiment e = build("eval.metrics=[w2, sliced_w2, nll_nats, bits_per_dim, kl_nats]");
    Evaluation ev = Evaluation.of(e, e.model(), new ReferenceCache());
    ExperimentContext c = ev.context();
    double[][] samples = NdArrays.rows(e.sampler().solve(e.model(),
        e.source().sample(60, e.seeds().sample().copy()), 0, 1).finalState());
    double[][] data = NdArrays.rows(e.data().sample(60, e.seeds().heldOut().copy()));
    Map<String, Object> v = ev.values();
    assertEquals(Wasserstein.w2(samples, data), (double) v.get("w2"), 0);
    assertEquals(SlicedWasserstein.w2(samples, data, 256, e.seeds().init("eval.sliced")), (double) v.get("sliced_w2"),
        0);
    double[] ll = NdArrays.toDoubles(e.likelihood().compute(e.model(), e.source(),
        e.data().sample(40, e.seeds().heldOut().copy()), e.seeds().likelihood().copy()).logLikelihood());
    assertEquals(LikelihoodMetrics.negativeLogLikelihood(ll).value(), (double) v.get("nll_nats"), 0);
    assertEquals((double) v.get("nll_nats") / (2 * Math.log(2)), (double) v.get("bits_per_dim"), 1e-15);
    assertEquals(40, c.logLikelihoods().length);
  }

  @Test
  void computeAddsEachValueAndItsErrorOnceAndRefusesANameReportedTwice() {
    Metric a = Metric.of("a", Set.of(), n -> true, c -> List.of(new MetricValue("x", 1, 0.5)));
    Metric b = Metric.of("b", Set.of(), n -> true, c -> List.of(MetricValue.of("y", 2)));
    Map<String, Object> values = new java.util.LinkedHashMap<>(Map.of("nfe", 8));
    Map<String, Double> seconds = Evaluation.compute(List.of(a, b), null, values);
    assertEquals(List.of("nfe", "x", "x_se", "y"), List.copyOf(values.keySet()));
    assertEquals(0.5, values.get("x_se"));
    assertEquals(List.of("a", "b"), List.copyOf(seconds.keySet()));
    Metric again = Metric.of("again", Set.of(), n -> true, c -> List.of(MetricValue.of("x", 3)));
    assertThrows(IllegalStateException.class, () -> Evaluation.compute(List.of(a, again), null,
        new java.util.LinkedHashMap<>()));
    Metric count = Metric.of("count", Set.of(), n -> true, c -> List.of(MetricValue.of("nfe", 3)));
    assertThrows(IllegalStateException.class, () -> Evaluation.compute(List.of(count), null,
        new java.util.LinkedHashMap<>(Map.of("nfe", 8))));
  }
}
