package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.LabelledSamples;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The three class metrics as registered components: held-out digits passed off as samples of their own classes score
 * the classifier's accuracy, distance 0 and spread 1, from one judge trained once per evaluation.
 */
class ClassMetricsTest {

  /** A context of labelled samples only, counting how often an ingredient is computed. */
  private static final class Labelled implements EvaluationContext {
    final LabelledSamples labelled;
    final Map<String, Object> shared = new HashMap<>();
    int computed;

    Labelled(LabelledSamples labelled) {
      this.labelled = labelled;
    }

    @Override
    public LabelledSamples labelled() {
      return labelled;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
      return (T) shared.computeIfAbsent(key, k -> {
        computed++;
        return compute.get();
      });
    }

    @Override
    public Rng rng(String stream) {
      return Rng.seeded(stream.hashCode());
    }

    @Override
    public int dim() {
      return 64;
    }

    @Override
    public boolean available(Need need) {
      return need == Need.LABELS;
    }

    private static <T> T none() {
      throw new IllegalStateException("not in this test");
    }

    @Override
    public double[][] samples() {
      return none();
    }

    @Override
    public double[][] heldOut() {
      return none();
    }

    @Override
    public double[] times() {
      return none();
    }

    @Override
    public double[][][] trajectories() {
      return none();
    }

    @Override
    public double[][] likelihoodPoints() {
      return none();
    }

    @Override
    public double[] logLikelihoods() {
      return none();
    }

    @Override
    public double[] dataLogDensities() {
      return none();
    }

    @Override
    public double[][] referenceSamples() {
      return none();
    }

    @Override
    public double[] referenceLogLikelihoods() {
      return none();
    }
  }

  private static Map<String, Factory<Metric>> registered() {
    return Guice.createInjector(new ClassMetricsModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, Factory<Metric>>>() {}));
  }

  @Test
  void heldOutDigitsAsSamplesScoreTheClassifiersOwnAccuracyZeroDistanceAndFullSpread() {
    DigitsSplit d = DigitsSplit.get();
    Labelled context = new Labelled(new LabelledSamples(10, d.testX, d.testY, d.trainX, d.trainY, d.testX,
        d.testY));
    Map<String, Double> values = new LinkedHashMap<>();
    for (String name : List.of("class_consistency", "frechet", "class_spread")) {
      Metric m = (Metric) registered().get(name).create(null, null);
      assertEquals(name, m.name());
      assertEquals(java.util.Set.of(Need.LABELS), m.needs());
      for (MetricValue v : m.compute(context)) {
        values.put(v.name(), v.value());
      }
    }
    assertEquals(1, context.computed, "one judge for the three metrics");
    double accuracy = values.get("classifier_accuracy");
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    assertEquals(accuracy, values.get("class_consistency"), 0.0);
    assertEquals(0, values.get("frechet"), 1e-6);
    assertTrue(values.get("frechet_real") > 0);
    assertEquals(1, values.get("class_spread"), 1e-12);
    int[] perClass = new int[10];
    for (int y : d.testY) {
      perClass[y]++;
    }
    double mean = 0;
    for (int k = 0; k < 10; k++) {
      mean += values.get("class_consistency_" + k) * perClass[k] / d.testY.length;
    }
    assertEquals(values.get("class_consistency"), mean, 1e-12, "per-class values weigh up to the overall one");
  }

  @Test
  void unlabelledDataCannotFeedThemAndTheyAreNoDefault() {
    Executable chosen = () -> Experiment.build(ExperimentConfig.parse(
        "data: {type: moons}\nmodel: {width: 8, depth: 1}\neval: {metrics: [class_consistency]}\n", "m.yaml"))
        .metrics();
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, chosen);
    assertTrue(e.getMessage().contains("'class_consistency' needs samples of known classes"), e.getMessage());
    assertTrue(e.getMessage().contains("is not a dataset with class labels"), e.getMessage());
    List<String> defaults = Experiment.build(ExperimentConfig.parse(
        "data: {type: moons}\nmodel: {width: 8, depth: 1}\n", "m.yaml")).metrics().stream().map(Metric::name)
        .toList();
    assertTrue(!defaults.contains("frechet") && !defaults.contains("class_spread"), defaults.toString());
  }
}
