package org.flowmatch.experiments.wiring;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.config.Resolution;
import org.flowmatch.manifolds.Manifold;
import org.flowmatch.experiments.config.SectionParameters;
import org.flowmatch.models.files.DataFileException;

/**
 * Every component registered by name, by kind: what the implementation modules (and extensions found through
 * {@link java.util.ServiceLoader}) bound into their {@code MapBinder}s.
 */
public final class Registries {
  /** The kinds of component, as {@code flowmatch list} shows them. */
  public enum Kind {
    PATHS("paths"), SOLVERS("solvers"), MODELS("models"), DATASETS("datasets"), COUPLINGS("couplings"),
    DIVERGENCES("divergence estimators"), METRICS("metrics"), MANIFOLDS("manifolds");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Where an unknown name may come from. */
  static final String EXTENSIONS = " (an extension's components need its jar on FLOWMATCH_CLASSPATH:"
      + " docs/extending.md)";

  private final Map<Kind, Map<String, ? extends Factory<?>>> byKind = new LinkedHashMap<>();

  @Inject
  Registries(Map<String, Factory<ProbabilityPath>> paths, Map<String, Factory<OdeSolver>> solvers,
      Map<String, Factory<VelocityModel>> models, Map<String, Factory<Distribution>> datasets,
      Map<String, Factory<Coupling>> couplings, Map<String, Factory<DivergenceEstimator>> divergences,
      Map<String, Factory<Metric>> metrics, Map<String, Factory<Manifold>> manifolds) {
    byKind.put(Kind.PATHS, new TreeMap<>(paths));
    byKind.put(Kind.SOLVERS, new TreeMap<>(solvers));
    byKind.put(Kind.MODELS, new TreeMap<>(models));
    byKind.put(Kind.DATASETS, new TreeMap<>(datasets));
    byKind.put(Kind.COUPLINGS, new TreeMap<>(couplings));
    byKind.put(Kind.DIVERGENCES, new TreeMap<>(divergences));
    byKind.put(Kind.METRICS, new TreeMap<>(metrics));
    byKind.put(Kind.MANIFOLDS, new TreeMap<>(manifolds));
  }

  /** The registered components of one kind, by name. */
  public Map<String, ? extends Factory<?>> of(Kind kind) {
    return byKind.get(kind);
  }

  /**
   * Builds the component that {@code section.type} names (or {@code defaultType}), from that section.
   *
   * @throws ConfigException naming the key, the value and the registered names when the type is unknown
   */
  @SuppressWarnings("unchecked")
  public <T> T build(Kind kind, ExperimentConfig config, String section, String defaultType, Context context,
      Resolution resolution) {
    SectionParameters parameters = new SectionParameters(config, section, resolution);
    String type = parameters.string("type", defaultType);
    Factory<?> factory = of(kind).get(type);
    if (factory == null) {
      throw parameters.invalid("type", "no " + kind.label().replaceAll("s$", "") + " of that name; registered: "
          + of(kind).keySet() + EXTENSIONS);
    }
    try {
      return (T) factory.create(parameters, context);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      if (e instanceof DataFileException || message.startsWith(section + ".")) {
        // It names its file, row and column, or its key and value, already: only the config is added.
        throw new ConfigException(config.origin() + ": " + message);
      }
      throw parameters.invalid(keyNamedIn(factory, message), message);
    }
  }

  /**
   * The key of {@code factory} that a component's own error message names (a constructor that checks its
   * arguments knows no config keys), so that the error names the full key and its value; else {@code type}.
   */
  private static String keyNamedIn(Factory<?> factory, String message) {
    if (message != null) {
      for (Key k : factory.keys()) {
        if (java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(k.name()) + "\\b")
            .matcher(message).find()) {
          return k.name();
        }
      }
    }
    return "type";
  }

  /** The component of {@code kind} called {@code name} (couplings), built from the section that holds {@code key}. */
  @SuppressWarnings("unchecked")
  public <T> T named(Kind kind, String name, ExperimentConfig config, String key, Context context,
      Resolution resolution) {
    Factory<?> factory = of(kind).get(name);
    if (factory == null) {
      throw new ConfigException(config.origin() + ": " + key + " = '" + name + "': no such "
          + kind.label().replaceAll("s$", "") + "; registered: " + of(kind).keySet() + EXTENSIONS);
    }
    // The component's own keys live beside its name: train.coupling_reg for train.coupling.
    String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : key;
    return (T) factory.create(new SectionParameters(config, section, resolution), context);
  }
}
