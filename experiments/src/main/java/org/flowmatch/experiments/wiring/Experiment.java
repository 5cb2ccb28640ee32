package org.flowmatch.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Factory;
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
  /** Guice logs (at INFO) every exception it reports; flowmatch reports them itself, in one line. */
  private static final java.util.logging.Logger GUICE_ERRORS =
      java.util.logging.Logger.getLogger("com.google.inject.Guice");

  static {
    GUICE_ERRORS.setLevel(java.util.logging.Level.WARNING);
  }

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
  private final double guidance;
  private final Set<String> unused;

  @Inject
  Experiment(@Validated ExperimentConfig config, Resolution resolution, Seeds seeds, @Data Distribution data,
      @Source Distribution source, ProbabilityPath path, VelocityModel model, @Sampling OdeSolver sampler,
      LogLikelihood likelihood, TrainSettings train, Coupling coupling, EvalSettings eval, List<Metric> metrics) {
    if (source.dim() != data.dim()) {
      throw new ConfigException(config.origin() + ": source '" + source.name() + "' has dimension " + source.dim()
          + " but data '" + data.name() + "' has " + data.dim());
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
    if (config.has(ExperimentConfig.FAMILY)) { // read only when set, so that other configs keep their resolved form
      new SectionParameters(config, "", resolution).string(ExperimentConfig.FAMILY, ExperimentConfig.CONTINUOUS);
    }
    this.guidance = guidance(config, resolution, model);
    this.resolved = resolution.resolve(config);
    ManifoldAgreement.check(resolved, data, source, path);
    if (config.has("train.uncond_prob") && !conditional()) {
      SectionParameters p = new SectionParameters(config, "train", resolution);
      throw p.invalid("uncond_prob", "drops the condition of a conditional model, but model '" + model + "' is"
          + " unconditional (the data has no labels or condition columns, or model.classes is 0)");
    }
    Set<String> unused = new TreeSet<>(config.values().keySet());
    unused.removeAll(resolution.keys());
    this.unused = Set.copyOf(unused);
  }

  /**
   * Builds the experiment a config describes, with every module that {@link ServiceLoader} finds (the built-in
   * ones and any extension on the class path).
   *
   * <p><b>Its model has fresh, random weights.</b> To use a trained run, load it with
   * {@link org.flowmatch.experiments.run.Runs#load}, which also reads the run's checkpoint.
   *
   * @throws IllegalArgumentException with one clear message when the config is wrong
   */
  public static Experiment build(ExperimentConfig config) {
    return build(config, new HashSet<>());
  }

  /**
   * {@link #build}, warning about keys that no chosen component read unless {@code warned} already holds that
   * warning (a study passes one set for all of its cells, so that each warning is logged once).
   */
  public static Experiment build(ExperimentConfig config, Set<String> warned) {
    Injector injector = injector(config);
    Experiment e;
    try {
      e = injector.getInstance(Experiment.class);
    } catch (ProvisionException | ConfigurationException ex) {
      throw unwrap(ex);
    }
    if (!e.unused.isEmpty() && warned.add(config.origin() + new TreeSet<>(e.unused))) {
      LOG.warn("{}: not used by the chosen components: {}", config.origin(), new TreeSet<>(e.unused));
    }
    return e;
  }

  /** The keys of the config that no chosen component read. */
  public Set<String> unusedKeys() {
    return unused;
  }

  /** The injector of an experiment; {@link #build} unwraps its errors into their causes. */
  public static Injector injector(ExperimentConfig config) {
    List<Module> components = componentModules();
    List<Module> modules = new ArrayList<>(components);
    modules.add(new ExperimentModule(config));
    try {
      return Guice.createInjector(Stage.PRODUCTION, modules);
    } catch (CreationException e) {
      checkConfigures(components);
      return throwUnwrapped(e);
    }
  }

  private static Injector throwUnwrapped(CreationException e) {
    RuntimeException unwrapped = unwrap(e.getErrorMessages(), e);
    throw unwrapped != e ? unwrapped : extensionError(e);
  }

  /** Every registered component, without building any (what {@code flowmatch list} prints). */
  public static Registries registries() {
    List<Module> modules = new ArrayList<>(componentModules());
    modules.add(new AbstractModule() {
      @Override
      protected void configure() {
        MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<Metric>>() {});
      }
    });
    try {
      return Guice.createInjector(Stage.PRODUCTION, modules).getInstance(Registries.class);
    } catch (CreationException e) {
      checkConfigures(componentModules());
      throw extensionError(e);
    }
  }

  /**
   * The modules that {@link ServiceLoader} finds: the built-in ones and any extension on the class path. One that
   * cannot be loaded is an {@link ExtensionException} naming its jar, its class and the cause.
   */
  static List<Module> componentModules() {
    List<Module> modules = new ArrayList<>();
    for (ServiceLoader.Provider<Module> provider : ServiceLoader.load(Module.class).stream().toList()) {
      try {
        modules.add(provider.get());
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        throw new ExtensionException(where(provider.type()) + ": module " + provider.type().getName()
            + " cannot be created: " + rootMessage(e));
      }
    }
    return modules;
  }

  /** Fails with an {@link ExtensionException} for the first component module whose configure() throws. */
  private static void checkConfigures(List<Module> modules) {
    for (Module module : modules) {
      for (Element element : Elements.getElements(Stage.PRODUCTION, module)) {
        if (element instanceof Message m) {
          throw new ExtensionException(where(module.getClass()) + ": module " + module.getClass().getName()
              + " fails in configure(): " + (m.getCause() != null ? rootMessage(m.getCause()) : m.getMessage()));
        }
      }
    }
  }

  /** A Guice error in the modules' bindings (a name registered twice) as one line naming the modules' jars. */
  private static RuntimeException extensionError(CreationException e) {
    Message first = e.getErrorMessages().iterator().next();
    String text = first.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    java.util.regex.Matcher duplicate = java.util.regex.Pattern.compile("Duplicate key \"([^\"]+)\" found in (.+?)\\.?$")
        .matcher(text);
    if (duplicate.find()) {
      List<String> owners = new ArrayList<>();
      for (Module module : componentModules()) {
        if (binds(module, duplicate.group(2), duplicate.group(1))) {
          owners.add(module.getClass().getName() + " (" + where(module.getClass()) + ")");
        }
      }
      return new ExtensionException("the name \"" + duplicate.group(1) + "\" is registered twice for "
          + duplicate.group(2) + ", by " + String.join(" and ", owners)
          + ": rename the extension's component");
    }
    return new ExtensionException(text + (first.getCause() != null ? ": " + rootMessage(first.getCause()) : "")
        + " (sources: " + first.getSources() + ")");
  }

  /** Whether {@code module} alone binds {@code name} into the map whose type reads {@code mapType}. */
  private static boolean binds(Module module, String mapType, String name) {
    try {
      Injector alone = Guice.createInjector(Stage.DEVELOPMENT, module);
      for (com.google.inject.Binding<?> b : alone.getBindings().values()) {
        if (b.getKey().getTypeLiteral().getRawType() == java.util.Map.class && b.getKey().getAnnotationType() == null
            && b.getKey().getTypeLiteral().toString().equals(mapType)
            && b.getProvider().get() instanceof java.util.Map<?, ?> map && map.containsKey(name)) {
          return true;
        }
      }
    } catch (RuntimeException ex) {
      // a module that needs others' bindings cannot be inspected alone
    }
    return false;
  }

  /** The jar or directory a class was loaded from. */
  static String where(Class<?> type) {
    java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null ? "(unknown jar)" : source.getLocation().getPath();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().replace('\n', ' ');
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

  /**
   * The model as the config builds it: <b>freshly initialised weights</b>, not a trained run's (for those, use
   * {@link org.flowmatch.experiments.run.Runs#load}).
   */
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

  /** {@code sample.guidance}, read when set or when the model is conditional (so unconditional configs keep theirs). */
  private static double guidance(ExperimentConfig config, Resolution resolution, VelocityModel model) {
    boolean conditional = model instanceof ConditionalVelocityModel c && c.conditioning().conditional();
    if (!conditional && !config.has("sample.guidance")) {
      return 0;
    }
    SectionParameters p = new SectionParameters(config, "sample", resolution);
    double w = p.number("guidance", 0);
    // (1 + w) v(x | c) - w v(x | none) in float32 keeps no digit of the difference beyond |w| ~ 1e3, and overflows
    // long before 1e300.
    if (!(Math.abs(w) <= 1000)) {
      throw p.invalid("guidance", "must lie in [-1000, 1000]");
    }
    if (w != 0 && !conditional) {
      throw p.invalid("guidance", "needs a conditional model (labelled data, model.classes), but model '" + model
          + "' is unconditional");
    }
    if (w != 0 && ((ConditionalVelocityModel) model).conditioning().kind() != Conditioning.Kind.LABELS) {
      throw p.invalid("guidance", "guides class-conditional models; model '" + model + "' is conditioned on"
          + " vectors, and its samples are drawn without a condition, so guidance would change nothing");
    }
    return w;
  }

  /** The classifier-free guidance weight {@code sample.guidance} (0 without guidance). */
  public double guidance() {
    return guidance;
  }

  /** Whether the model is conditioned on classes or vectors. */
  public boolean conditional() {
    return model instanceof ConditionalVelocityModel c && c.conditioning().conditional();
  }

  /** The run name: {@code name} if set, else the data type. */
  public String name() {
    return name.isEmpty() ? String.valueOf(resolved.get("data.type").orElse("run")) : name;
  }
}
