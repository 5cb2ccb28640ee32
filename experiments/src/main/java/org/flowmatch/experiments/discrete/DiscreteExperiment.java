package org.flowmatch.experiments.discrete;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.discrete.ConvexScheduler;
import org.flowmatch.discrete.DiscreteEulerSampler;
import org.flowmatch.discrete.DiscreteLoss;
import org.flowmatch.discrete.MixturePath;
import org.flowmatch.discrete.PosteriorBuilder;
import org.flowmatch.discrete.PosteriorTrainer;
import org.flowmatch.discrete.TokenData;
import org.flowmatch.discrete.TokenSource;
import org.flowmatch.discrete.TokenTable;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.config.Resolution;
import org.flowmatch.experiments.config.SectionParameters;
import org.flowmatch.experiments.wiring.MetricSelection;
import org.flowmatch.experiments.wiring.Seeds;

/**
 * The components of a {@code family: discrete} config, the discrete counterpart of {@code Experiment}: each section
 * picks a component registered by {@code DiscreteModule} with {@code type}, every key is validated against what the
 * registered components declare, and every value read is recorded in the resolved config.
 *
 * <pre>
 * family: discrete
 * data:   {type: checkerboard-tokens, grid: 128, cells: 4}
 * source: {type: uniform}                       # or mask
 * path:   {type: polynomial, exponent: 2}       # kappa = t^n
 * model:  {type: posterior-mlp, width: 128, depth: 3}   # or exact (a table's posterior)
 * train:  {steps: 3000, batch_size: 1024, lr: 0.001, loss: generalized-kl, epsilon: 0.001}
 * solver: {type: discrete-euler, steps: 64}
 * eval:   {samples: 50000}
 * </pre>
 */
public final class DiscreteExperiment {
  /** The top-level key that chooses the family; absent or {@code continuous} is the continuous one. */
  public static final String FAMILY = "family";

  static final List<Key> TRAIN_KEYS = List.of(
      Key.of("steps", 3000, "optimiser steps"),
      Key.of("batch_size", 1024, "sequences per step"),
      Key.of("lr", 0.001, "Adam's learning rate"),
      Key.of("loss", "generalized-kl", "the loss, by name (flowmatch list)"),
      Key.of("epsilon", 0.001, "t is drawn from U[0, 1 - epsilon)"));
  static final List<Key> EVAL_KEYS = List.of(Key.of("samples", 20000, "samples drawn for samples.csv, metrics and plots"),
      Key.of("metrics", "", "the metrics to compute, for example [tv, off_support] (default: every registered"
          + " metric that needs the token table)"));
  static final List<Key> TOP_KEYS = List.of(Key.of(FAMILY, "continuous", "continuous or discrete"),
      Key.of("seed", 0, "the one seed every random draw of the run derives from"),
      Key.of("name", "", "the run directory's prefix (default: data.type)"));
  private static final Map<String, String> DEFAULT_TYPES = Map.of("data", "checkerboard-tokens", "source",
      "uniform", "path", "polynomial", "model", "posterior-mlp", "solver", "discrete-euler");

  private final ExperimentConfig resolved;
  private final Seeds seeds;
  private final TokenData data;
  private final MixturePath path;
  private final PosteriorBuilder model;
  private final String modelType;
  private final DiscreteEulerSampler sampler;
  private final DiscreteLoss loss;
  private final PosteriorTrainer.Settings train;
  private final int samples;
  private final List<Metric> metrics;
  private final String name;

  /** Whether a config belongs to the discrete family. */
  public static boolean isDiscrete(ExperimentConfig config) {
    return ExperimentConfig.DISCRETE.equals(config.family());
  }

  /** The registries, from every Guice module that {@link ServiceLoader} finds. */
  public static DiscreteKinds kinds() {
    List<Module> modules = new ArrayList<>();
    ServiceLoader.load(Module.class).forEach(modules::add);
    return Guice.createInjector(Stage.PRODUCTION, modules).getInstance(DiscreteKinds.class);
  }

  /** Builds the experiment; a bad key, name or value is one {@link IllegalArgumentException} line. */
  public static DiscreteExperiment build(ExperimentConfig config) {
    return new DiscreteExperiment(config, kinds());
  }

  private DiscreteExperiment(ExperimentConfig config, DiscreteKinds kinds) {
    validate(config, kinds);
    Resolution r = new Resolution();
    SectionParameters top = new SectionParameters(config, "", r);
    top.string(FAMILY, "continuous");
    double seed = top.number("seed", 0);
    if (seed != Math.rint(seed) || Math.abs(seed) > 1L << 53) {
      throw top.invalid("seed", "must be a whole number");
    }
    this.seeds = Seeds.of((long) seed);
    this.data = build(kinds, config, "data", r);
    TokenSource source = build(kinds, config, "source", r);
    ConvexScheduler scheduler = build(kinds, config, "path", r);
    this.path = new MixturePath(scheduler, source, data.vocabulary());
    this.model = build(kinds, config, "model", r);
    this.modelType = new SectionParameters(config, "model", r).string("type", DEFAULT_TYPES.get("model"));
    this.sampler = build(kinds, config, "solver", r);
    SectionParameters t = new SectionParameters(config, "train", r);
    String lossName = t.string("loss", "generalized-kl");
    Factory<?> lossFactory = kinds.of("train.loss").get(lossName);
    if (lossFactory == null) {
      throw t.invalid("loss", "no discrete loss of that name; registered: " + kinds.of("train.loss").keySet());
    }
    this.loss = (DiscreteLoss) lossFactory.create(t, Context.of(seeds.init("train.loss")));
    try {
      this.train = new PosteriorTrainer.Settings(t.integer("steps", 3000), t.integer("batch_size", 1024),
          t.number("lr", 0.001), t.number("epsilon", 0.001), loss);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.origin() + ": " + e.getMessage());
    }
    SectionParameters eval = new SectionParameters(config, "eval", r);
    this.samples = eval.integer("samples", 20000);
    if (samples < 1) {
      throw eval.invalid("samples", "must be positive");
    }
    this.metrics = metrics(kinds, eval, config, r);
    this.name = top.string("name", "");
    this.resolved = r.resolve(config);
  }

  /**
   * The metrics {@code eval.metrics} names, or by default every registered metric that needs the token table and
   * that this experiment can feed.
   */
  private List<Metric> metrics(DiscreteKinds kinds, SectionParameters eval, ExperimentConfig config,
      Resolution r) {
    return MetricSelection.choose(eval, kinds.metricNames(), kinds.metricNames().toString(),
        name -> (Metric) kinds.metric(name).create(new SectionParameters(config, "eval." + name, r),
            Context.of(seeds.init("eval." + name))),
        this::missing, m -> m.needs().contains(Need.TOKEN_TABLE) && m.byDefault(samples));
  }

  /** Why a discrete run cannot provide {@code need}, or null when it can. */
  String missing(Need need) {
    return switch (need) {
      case SAMPLES -> null;
      case TOKEN_TABLE, HELD_OUT -> data instanceof TokenTable ? null : "data " + data + " is not a table";
      default -> "family: discrete has no " + need.description();
    };
  }

  @SuppressWarnings("unchecked")
  private <T> T build(DiscreteKinds kinds, ExperimentConfig config, String section, Resolution r) {
    SectionParameters p = new SectionParameters(config, section, r);
    String type = p.string("type", DEFAULT_TYPES.get(section));
    Factory<?> factory = kinds.of(section).get(type);
    if (factory == null) {
      throw p.invalid("type", "no such component for family: discrete; registered: " + kinds.of(section).keySet());
    }
    try {
      return (T) factory.create(p, Context.of(seeds.init(section)));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.origin() + ": " + section + ": " + e.getMessage());
    }
  }

  /** Every key must be declared: the top level, train, eval, or a key of some registered component of its section. */
  static void validate(ExperimentConfig config, DiscreteKinds kinds) {
    Map<String, Set<String>> valid = keysBySection(kinds);
    for (String key : config.values().keySet()) {
      int dot = key.indexOf('.');
      String section = dot < 0 ? "" : key.substring(0, dot);
      String name = dot < 0 ? key : key.substring(dot + 1);
      Set<String> keys = valid.get(section);
      if (keys == null || !keys.contains(name)) {
        throw new ConfigException(config.origin() + ": unknown key '" + key + "' for family: discrete; "
            + (keys == null ? "sections: " + valid.keySet() : "keys of " + (section.isEmpty() ? "the top level"
                : section) + ": " + keys));
      }
    }
  }

  /** The valid keys by section ("" is the top level). */
  public static Map<String, Set<String>> keysBySection(DiscreteKinds kinds) {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("", names(TOP_KEYS));
    for (String section : List.of("data", "source", "path", "model", "solver")) {
      Set<String> keys = new TreeSet<>(Set.of("type"));
      kinds.of(section).values().forEach(f -> f.keys().forEach(k -> keys.add(k.name())));
      m.put(section, keys);
    }
    m.put("train", names(TRAIN_KEYS));
    Set<String> eval = names(EVAL_KEYS);
    for (String metric : kinds.metricNames()) {
      kinds.metric(metric).keys().forEach(k -> eval.add(metric + "." + k.name()));
    }
    m.put("eval", eval);
    return m;
  }

  private static Set<String> names(List<Key> keys) {
    Set<String> s = new TreeSet<>();
    keys.forEach(k -> s.add(k.name()));
    return s;
  }

  /** The config with every value used, defaults included. */
  public ExperimentConfig resolved() {
    return resolved;
  }

  public Seeds seeds() {
    return seeds;
  }

  public TokenData data() {
    return data;
  }

  public MixturePath path() {
    return path;
  }

  /** Builds the posterior model (the network's weights from the {@code model} section's stream). */
  public org.flowmatch.discrete.Posterior newModel() {
    return model.build(data, path, seeds.init("model"));
  }

  /** Whether the model has weights to fit (the exact posterior has none). */
  public boolean trainable() {
    return !"exact".equals(modelType);
  }

  public DiscreteEulerSampler sampler() {
    return sampler;
  }

  public PosteriorTrainer.Settings train() {
    return train;
  }

  public int samples() {
    return samples;
  }

  /** The metrics that evaluation computes, in order ({@code eval.metrics} or the defaults). */
  public List<Metric> metrics() {
    return metrics;
  }

  /** A fresh copy of the sampling stream. */
  public Rng sampleRng() {
    return seeds.sample().copy();
  }

  /** The run name: {@code name} if set, else the data type. */
  public String name() {
    return name.isEmpty() ? String.valueOf(resolved.get("data.type").orElse("discrete")) : name;
  }
}
