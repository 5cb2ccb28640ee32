package org.flowmatch.experiments.wiring;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.config.Resolution;
import org.flowmatch.experiments.config.SectionParameters;
import org.flowmatch.experiments.config.TrainSettings;
import org.flowmatch.experiments.wiring.Qualifiers.Data;
import org.flowmatch.experiments.wiring.Qualifiers.Sampling;
import org.flowmatch.experiments.wiring.Qualifiers.Source;
import org.flowmatch.experiments.wiring.Qualifiers.Validated;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one experiment, built from one config: data, source, path, model, solvers, training and
 * evaluation settings, and the resolved config that records every value used.
 */
public final class Experiment {
  private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);
  /** Unused keys are reported once per config and set of keys, not once per cell of a study. */
  private static final Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final ExperimentConfig config;
  private final ExperimentConfig resolved;
  private final Seeds seeds;
  private final Distribution data;
  private final Distribution source;
  private final ProbabilityPath path;
  private final VelocityModel model;
  private final OdeSolver sampler;
  private final LogLikelihood likelihood;
  private final TrainSettings train;
  private final Coupling coupling;
  private final EvalSettings eval;
  private final List<Metric> metrics;
  private final String name;

  @Inject
  Experiment(@Validated ExperimentConfig config, Resolution resolution, Seeds seeds, @Data Distribution data,
      @Source Distribution source, ProbabilityPath path, VelocityModel model, @Sampling OdeSolver sampler,
      LogLikelihood likelihood, TrainSettings train, Coupling coupling, EvalSettings eval, List<Metric> metrics) {
    if (source.dim() != data.dim()) {
      throw new ConfigException(config.origin() + ": source '" + source.name() + "' has dimension " + source.dim()
          + " but data '" + data.name() + "' has " + data.dim());
    }
    if (model instanceof org.flowmatch.models.GaussianMixtureVelocity
        && !(source instanceof org.flowmatch.core.StandardGaussian)) {
      throw new ConfigException(config.origin() + ": model.type = 'gmm-oracle' is the velocity for an N(0, I)"
          + " source, but source.type is '" + source.name() + "'");
    }
    this.config = config;
    this.seeds = seeds;
    this.data = data;
    this.source = source;
    this.path = path;
    this.model = model;
    this.sampler = sampler;
    this.likelihood = likelihood;
    this.train = train;
    this.coupling = coupling;
    this.eval = eval;
    this.metrics = metrics;
    this.name = new SectionParameters(config, "", resolution).string("name", "");
    this.resolved = resolution.resolve(config);
    Set<String> unused = new TreeSet<>(config.values().keySet());
    unused.removeAll(resolution.keys());
    if (!unused.isEmpty() && WARNED.add(config.origin() + unused)) {
      LOG.warn("{}: not used by the chosen components: {}", config.origin(), unused);
    }
  }

  /**
   * Builds the experiment a config describes, with every module that {@link ServiceLoader} finds (the built-in
   * ones and any extension on the class path).
   *
   * @throws IllegalArgumentException with one clear message when the config is wrong
   */
  public static Experiment build(ExperimentConfig config) {
    Injector injector = injector(config);
    try {
      return injector.getInstance(Experiment.class);
    } catch (ProvisionException | ConfigurationException e) {
      throw unwrap(e);
    }
  }

  /** The injector of an experiment; {@link #build} unwraps its errors into their causes. */
  public static Injector injector(ExperimentConfig config) {
    List<Module> modules = new ArrayList<>();
    ServiceLoader.load(Module.class).forEach(modules::add);
    modules.add(new ExperimentModule(config));
    try {
      return Guice.createInjector(Stage.PRODUCTION, modules);
    } catch (CreationException e) {
      throw unwrap(e.getErrorMessages(), e);
    }
  }

  /** The first configuration error behind Guice's wrapping, or the Guice error itself. */
  static RuntimeException unwrap(Collection<Message> messages, RuntimeException e) {
    for (Message m : messages) {
      Throwable cause = m.getCause();
      while (cause != null) {
        if (cause instanceof IllegalArgumentException iae) {
          return iae;
        }
        cause = cause.getCause();
      }
    }
    return e;
  }

  static RuntimeException unwrap(RuntimeException e) {
    if (e instanceof ProvisionException p) {
      return unwrap(p.getErrorMessages(), p);
    }
    if (e instanceof ConfigurationException c) {
      return unwrap(c.getErrorMessages(), c);
    }
    return e;
  }

  public ExperimentConfig config() {
    return config;
  }

  /** The config with every value used, defaults included: what a run writes and reproduce rebuilds. */
  public ExperimentConfig resolved() {
    return resolved;
  }

  public Seeds seeds() {
    return seeds;
  }

  public Distribution data() {
    return data;
  }

  public Distribution source() {
    return source;
  }

  public ProbabilityPath path() {
    return path;
  }

  public VelocityModel model() {
    return model;
  }

  public OdeSolver sampler() {
    return sampler;
  }

  public LogLikelihood likelihood() {
    return likelihood;
  }

  public TrainSettings train() {
    return train;
  }

  public Coupling coupling() {
    return coupling;
  }

  public EvalSettings eval() {
    return eval;
  }

  /** The metrics that evaluation computes, in order ({@code eval.metrics} or the defaults). */
  public List<Metric> metrics() {
    return metrics;
  }

  /** Whether the model has weights to fit (an oracle has none). */
  public boolean trainable() {
    return model instanceof TrainableModel;
  }

  /** The trainer of a trainable model. */
  public CfmTrainer trainer() {
    if (!trainable()) {
      throw new IllegalStateException("model '" + model + "' has nothing to train");
    }
    return new CfmTrainer(path, source, data, coupling, train.timeSampler(), train.config());
  }

  /** The run name: {@code name} if set, else the data type. */
  public String name() {
    return name.isEmpty() ? String.valueOf(resolved.get("data.type").orElse("run")) : name;
  }
}
