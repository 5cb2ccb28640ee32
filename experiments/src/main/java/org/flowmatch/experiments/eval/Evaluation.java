package org.flowmatch.experiments.eval;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.wiring.Experiment;

/**
 * The one evaluation of a model: what {@code train} records in its manifest, {@code evaluate} prints and every
 * ablation cell writes. It computes the ingredients the experiment's metrics ({@code eval.metrics}) need, once
 * each, then each metric in order.
 *
 * @param values NFE, counts and wall times of the ingredients ({@code nfe}, {@code sample_s}, {@code
 *     likelihood_nfe}, ...), then every metric value and, after it, its standard error as {@code NAME_se}
 * @param metricSeconds each metric's own wall time, its ingredients excluded (they are in {@code values})
 * @param context the ingredients, for writing samples and likelihoods
 */
public record Evaluation(Map<String, Object> values, Map<String, Double> metricSeconds, ExperimentContext context) {

  /** Evaluates {@code model} with every metric of {@code e}. */
  public static Evaluation of(Experiment e, VelocityModel model, ReferenceCache cache) {
    return of(e, model, e.metrics(), cache);
  }

  /**
   * Evaluates {@code model} with every metric of {@code e}, its sampling solve also recording the states at {@code
   * frames} equally spaced times ({@link ExperimentContext#samplingSolve()}): the same samples and values, and the
   * paths of the samples for a plot without solving them again.
   */
  public static Evaluation of(Experiment e, VelocityModel model, ReferenceCache cache, int frames) {
    return of(e, model, e.metrics(), cache, frames);
  }

  /** Evaluates {@code model} with {@code metrics}; the sampling solve runs even if none needs it (its NFE is a count). */
  public static Evaluation of(Experiment e, VelocityModel model, List<Metric> metrics, ReferenceCache cache) {
    return of(e, model, metrics, cache, 0);
  }

  private static Evaluation of(Experiment e, VelocityModel model, List<Metric> metrics, ReferenceCache cache,
      int frames) {
    Set<Need> needs = EnumSet.noneOf(Need.class);
    metrics.forEach(m -> needs.addAll(m.needs()));
    ExperimentContext c = new ExperimentContext(e, model, needs, cache, frames);
    // Ingredients first, so that each metric's time is its own.
    c.sampleArray();
    if (needs.contains(Need.TRAJECTORIES)) {
      c.trajectories();
    }
    if (needs.contains(Need.HELD_OUT)) {
      c.heldOut();
    }
    if (needs.contains(Need.LIKELIHOODS)) {
      c.likelihoodResult();
    }
    if (needs.contains(Need.REFERENCE)) {
      c.referenceSamples();
      if (needs.contains(Need.LIKELIHOODS)) {
        c.referenceLogLikelihoods();
      }
    }
    Map<String, Object> values = new LinkedHashMap<>(c.counts());
    Map<String, Double> seconds = compute(metrics, c, values);
    return new Evaluation(values, seconds, c);
  }

  /**
   * Computes each metric in order from {@code context}, adding its values (each followed by its standard error as
   * {@code NAME_se}) to {@code values}, which may hold counts already; a name reported twice is an error. Returns each
   * metric's wall time in seconds. The continuous and the discrete families both evaluate this way.
   */
  public static Map<String, Double> compute(List<Metric> metrics, EvaluationContext context,
      Map<String, Object> values) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Metric m : metrics) {
      long t0 = System.nanoTime();
      List<MetricValue> result = m.compute(context);
      seconds.put(m.name(), (System.nanoTime() - t0) / 1e9);
      for (MetricValue v : result) {
        put(values, m, v.name(), v.value());
        if (v.hasStandardError()) {
          put(values, m, v.name() + "_se", v.standardError());
        }
      }
    }
    return seconds;
  }

  private static void put(Map<String, Object> values, Metric m, String name, double value) {
    if (values.putIfAbsent(name, value) != null) {
      throw new IllegalStateException("metric '" + m.name() + "' reports '" + name + "', which another metric or"
          + " count already reported: give each value one name");
    }
  }
}
