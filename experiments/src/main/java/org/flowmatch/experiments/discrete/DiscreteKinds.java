package org.flowmatch.experiments.discrete;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.discrete.ConvexScheduler;
import org.flowmatch.discrete.DiscreteEulerSampler;
import org.flowmatch.discrete.DiscreteLoss;
import org.flowmatch.discrete.PosteriorBuilder;
import org.flowmatch.discrete.TokenData;
import org.flowmatch.discrete.TokenSource;

/**
 * The discrete family's registries (what {@code DiscreteModule} and extensions bound), by the config section that
 * picks from each: the counterpart of {@code Registries} for {@code family: discrete}.
 */
public final class DiscreteKinds {
  /** Section (or {@code train.loss}) to its registered factories, in the order {@code flowmatch list} shows them. */
  private final Map<String, Map<String, ? extends Factory<?>>> bySection = new LinkedHashMap<>();
  /** Every registered metric (both families': flowmatch list shows them with the continuous kinds). */
  private final Map<String, Factory<Metric>> metrics;
  private final java.util.List<String> metricOrder;

  @Inject
  DiscreteKinds(Map<String, Factory<TokenData>> data, Map<String, Factory<TokenSource>> sources,
      Map<String, Factory<ConvexScheduler>> schedulers, Map<String, Factory<PosteriorBuilder>> models,
      Map<String, Factory<DiscreteEulerSampler>> samplers, Map<String, Factory<DiscreteLoss>> losses,
      Map<String, Factory<Metric>> metrics) {
    this.metrics = Map.copyOf(metrics);
    this.metricOrder = java.util.List.copyOf(metrics.keySet());
    bySection.put("data", new TreeMap<>(data));
    bySection.put("source", new TreeMap<>(sources));
    bySection.put("path", new TreeMap<>(schedulers));
    bySection.put("model", new TreeMap<>(models));
    bySection.put("solver", new TreeMap<>(samplers));
    bySection.put("train.loss", new TreeMap<>(losses));
  }

  /** The registered factories of one section. */
  public Map<String, ? extends Factory<?>> of(String section) {
    return bySection.get(section);
  }

  /** The registered metric of that name, or null. */
  public Factory<Metric> metric(String name) {
    return metrics.get(name);
  }

  /** The registered metrics' names, in registration order. */
  public java.util.List<String> metricNames() {
    return metricOrder;
  }

  /** Every section, with its factories. */
  public Map<String, Map<String, ? extends Factory<?>>> all() {
    return bySection;
  }

  /** How {@code flowmatch list} labels a section's kind. */
  public static String label(String section) {
    return switch (section) {
      case "data" -> "token datasets (family: discrete)";
      case "source" -> "token sources (family: discrete)";
      case "path" -> "convex schedulers of the mixture path (family: discrete)";
      case "model" -> "posterior models (family: discrete)";
      case "solver" -> "discrete samplers (family: discrete)";
      case "train.loss" -> "discrete losses (family: discrete)";
      default -> section;
    };
  }
}
