package org.flowmatch.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.wiring.Experiment;

/**
 * The cost of each default metric at the default sizes ({@code eval.samples} 2000, {@code likelihood.points} 1000)
 * on the Gaussian-mixture oracle in 2-D: the median over rounds of each metric's own time (its ingredients
 * excluded) and of each ingredient's (the sampling solve, the likelihood solve, the reference solves). The first
 * round warms the JIT and is not counted.
 */
public final class MetricBenchmark {
  /** The benchmark's experiment: four clusters, the exact velocity, dopri5 at its defaults, reference metrics on. */
  static final String CONFIG = """
      data: {type: four-clusters}
      model: {type: gmm-oracle}
      eval: {reference: true}
      """;

  private MetricBenchmark() {}

  public static void run(int rounds, PrintStream out) {
    Experiment e = Experiment.build(ExperimentConfig.parse(CONFIG, "metric-benchmark"));
    List<String> metrics = e.metrics().stream().map(Metric::name).toList();
    out.printf(Locale.ROOT, "metric benchmark: %s, eval.samples %d, likelihood.points %d, %d rounds after a warm-up"
        + " (median seconds)%n", metrics, e.eval().samples(), e.eval().likelihoodPoints(), rounds);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (int round = 0; round <= rounds; round++) {
      Evaluation ev = Evaluation.of(e, e.model(), new ReferenceCache());
      if (round == 0) {
        continue;
      }
      ev.values().forEach((k, v) -> {
        if (k.endsWith("_s") && v instanceof Number n) {
          times.computeIfAbsent("ingredient " + k, x -> new ArrayList<>()).add(n.doubleValue());
        }
      });
      ev.metricSeconds().forEach((k, v) -> times.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    times.forEach((name, t) -> out.printf(Locale.ROOT, "  %-34s %9.4f s%n", name, median(t)));
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
