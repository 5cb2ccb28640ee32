package org.flowmatch.experiments.wiring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.config.SectionParameters;

/**
 * How an experiment of either family (continuous or discrete) chooses its metrics: the ones {@code eval.metrics}
 * names, each once, registered and fed by the experiment, else every registered metric that the experiment can feed
 * and its default rule admits. Each metric is built under the name it was registered with, which must be its own.
 */
public final class MetricSelection {
  private MetricSelection() {}

  /**
   * @param eval the {@code eval} section
   * @param registered the registered names, in the order of the default selection
   * @param listing what an unknown name's error lists as registered
   * @param build the metric registered under a name, built with its own section and stream
   * @param missing why the experiment cannot provide a need, or null when it can
   * @param byDefault which feedable metrics the default selection keeps
   */
  public static List<Metric> choose(SectionParameters eval, List<String> registered, String listing,
      Function<String, Metric> build, Function<Need, String> missing, Predicate<Metric> byDefault) {
    List<Metric> chosen = new ArrayList<>();
    if (eval.has("metrics")) {
      Set<String> seen = new HashSet<>();
      for (String name : eval.strings("metrics")) {
        if (!seen.add(name)) {
          throw eval.invalid("metrics", "names '" + name + "' twice");
        }
        if (!registered.contains(name)) {
          throw eval.invalid("metrics", "no metric '" + name + "'; registered: " + listing);
        }
        Metric m = built(name, build);
        for (Need need : m.needs()) {
          String why = missing.apply(need);
          if (why != null) {
            throw eval.invalid("metrics", "'" + name + "' needs " + need.description() + ", but " + why);
          }
        }
        chosen.add(m);
      }
      return List.copyOf(chosen);
    }
    for (String name : registered) {
      Metric m = built(name, build);
      if (m.needs().stream().allMatch(n -> missing.apply(n) == null) && byDefault.test(m)) {
        chosen.add(m);
      }
    }
    return List.copyOf(chosen);
  }

  private static Metric built(String name, Function<String, Metric> build) {
    Metric m = build.apply(name);
    if (!m.name().equals(name)) {
      throw new IllegalStateException("metric registered as '" + name + "' calls itself '" + m.name()
          + "': register it under its own name");
    }
    return m;
  }
}
