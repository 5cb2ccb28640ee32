package org.flowmatch.experiments.wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.config.TrainSettings;
import org.flowmatch.experiments.wiring.Registries.Kind;

/**
 * The keys an experiment config may set: the sections that pick a registered component by {@code type} (their
 * keys are those the registered components of that kind declare) and the plain sections (training, evaluation).
 * A key outside the schema is an error with a suggestion, never silently ignored.
 */
public final class ConfigSchema {

  /**
   * A section that names a registered component.
   *
   * @param prefix the section, for example {@code solver}
   * @param kind the registry it picks from
   * @param defaultType the component when {@code type} is not set
   * @param description what it is for
   */
  public record ComponentSection(String prefix, Kind kind, String defaultType, String description) {}

  public static final List<ComponentSection> COMPONENTS = List.of(
      new ComponentSection("data", Kind.DATASETS, "four-clusters", "the data distribution p1 (t = 1)"),
      new ComponentSection("source", Kind.DATASETS, "gaussian", "the source distribution p0 (t = 0)"),
      new ComponentSection("path", Kind.PATHS, "condot", "the probability path"),
      new ComponentSection("model", Kind.MODELS, "mlp", "the velocity model"),
      new ComponentSection("solver", Kind.SOLVERS, "dopri5", "the ODE solver for sampling"),
      new ComponentSection("likelihood.solver", Kind.SOLVERS, "dopri5",
          "the ODE solver for log-likelihoods ('same': the sampling solver)"),
      new ComponentSection("likelihood.divergence", Kind.DIVERGENCES, "exact", "the divergence for likelihoods"));

  /** The plain sections and their keys ("" is the top level). */
  public static final Map<String, List<Key>> PLAIN = plain();

  private static Map<String, List<Key>> plain() {
    Map<String, List<Key>> m = new LinkedHashMap<>();
    m.put("", List.of(Key.of("seed", 0, "the one seed every random draw of the run derives from"),
        Key.of("name", "", "the run directory's prefix (default: data.type)"),
        Key.of(ExperimentConfig.FAMILY, ExperimentConfig.CONTINUOUS, "continuous, or discrete (docs/discrete.md)")));
    m.put("train", TrainSettings.KEYS);
    m.put("likelihood", List.of(Key.of("points", 1000, "held-out data points whose log-likelihood is computed")));
    m.put("sample", List.of(Key.of("guidance", 0.0, "classifier-free guidance weight w of a conditional model:"
        + " v = (1 + w) v(x | c) - w v(x | none); 0 samples the plain conditional")));
    m.put("eval", List.of(
        Key.of("samples", 2000, "samples drawn for samples.csv and the plots"),
        Key.of("trajectories", 300, "trajectories drawn in the trajectory plot and the animation"),
        Key.of("frames", 60, "frames of the animation"),
        Key.of("resolution", 100, "grid points per side of the log-density heat map"),
        Key.of("reference", false, "also measure the solver's error against tight reference solves (adds"
            + " sample_error and likelihood_error to the default metrics)"),
        Key.of("metrics", "", "the metrics to compute, for example [sliced_w2, mmd] (default: every registered"
            + " metric the experiment can feed and that is cheap enough for eval.samples; see flowmatch list)")));
    return m;
  }

  private final Registries registries;

  public ConfigSchema(Registries registries) {
    this.registries = registries;
  }

  /** Every valid key, with its default and description, by section (for docs and {@code list}). */
  public Map<String, List<Key>> keysBySection() {
    Map<String, List<Key>> all = new LinkedHashMap<>();
    PLAIN.forEach((section, keys) -> all.put(section, keys));
    for (ComponentSection c : COMPONENTS) {
      all.put(c.prefix(), componentKeys(c));
    }
    all.putAll(metricSections());
    return all;
  }

  /** Fails with a {@link ConfigException} on the first key outside the schema. */
  public void validate(ExperimentConfig config) {
    for (String key : config.values().keySet()) {
      String section = sectionOf(key);
      Set<String> valid = validKeys(section);
      String name = section.isEmpty() ? key : key.substring(section.length() + 1);
      if (!valid.contains(name)) {
        throw new ConfigException(config.origin() + ": unknown key '" + key + "'" + suggestion(key) + "; "
            + (section.isEmpty() ? "top-level keys: " + valid + ", sections: " + sections()
                : "keys of " + section + ": " + valid));
      }
    }
  }

  private String sectionOf(String key) {
    String best = "";
    for (String s : sections()) {
      if (key.startsWith(s + ".") && s.length() > best.length()) {
        best = s;
      }
    }
    return best;
  }

  private Set<String> sections() {
    Set<String> s = new LinkedHashSet<>();
    PLAIN.keySet().stream().filter(k -> !k.isEmpty()).forEach(s::add);
    COMPONENTS.forEach(c -> s.add(c.prefix()));
    s.addAll(metricSections().keySet());
    return s;
  }

  private Set<String> validKeys(String section) {
    Set<String> keys = new TreeSet<>();
    if (PLAIN.containsKey(section)) {
      PLAIN.get(section).forEach(k -> keys.add(k.name()));
    }
    for (ComponentSection c : COMPONENTS) {
      if (c.prefix().equals(section)) {
        componentKeys(c).forEach(k -> keys.add(k.name()));
      }
    }
    metricSections().getOrDefault(section, List.of()).forEach(k -> keys.add(k.name()));
    return keys;
  }

  /** {@code eval.NAME} for each registered metric that reads keys of its own. */
  private Map<String, List<Key>> metricSections() {
    Map<String, List<Key>> m = new LinkedHashMap<>();
    registries.of(Kind.METRICS).forEach((name, f) -> {
      if (!f.keys().isEmpty()) {
        m.put("eval." + name, f.keys());
      }
    });
    return m;
  }

  private List<Key> componentKeys(ComponentSection c) {
    Map<String, Key> keys = new LinkedHashMap<>();
    keys.put("type", Key.of("type", c.defaultType(), c.description() + "; one of " + registries.of(c.kind())
        .keySet()));
    for (Factory<?> f : registries.of(c.kind()).values()) {
      f.keys().forEach(k -> keys.putIfAbsent(k.name(), k));
    }
    return new ArrayList<>(keys.values());
  }

  private String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String section : keysBySection().keySet()) {
      for (String name : validKeys(section)) {
        String candidate = section.isEmpty() ? name : section + "." + name;
        int d = distance(key, candidate);
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
        }
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean '" + best + "'?)" : "";
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
