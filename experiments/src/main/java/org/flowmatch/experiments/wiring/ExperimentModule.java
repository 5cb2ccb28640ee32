package org.flowmatch.experiments.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import jakarta.inject.Singleton;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.config.Resolution;
import org.flowmatch.experiments.config.SectionParameters;
import org.flowmatch.experiments.config.TrainSettings;
import org.flowmatch.experiments.wiring.Qualifiers.Data;
import org.flowmatch.experiments.wiring.Qualifiers.Sampling;
import org.flowmatch.experiments.wiring.Qualifiers.Source;
import org.flowmatch.experiments.wiring.Qualifiers.Validated;
import org.flowmatch.experiments.wiring.Registries.Kind;
import org.flowmatch.manifolds.OnManifold;
import org.flowmatch.solvers.likelihood.LogLikelihood;

/**
 * Turns one config into the components of an experiment: each provider picks the registered component its section
 * names and builds it from that section. Every component is a singleton of this injector, and the injector is
 * created in production stage, so a bad key or name fails before anything runs.
 */
public final class ExperimentModule extends AbstractModule {
  private final ExperimentConfig config;

  public ExperimentModule(ExperimentConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    bind(ExperimentConfig.class).toInstance(config);
    bind(Resolution.class).toInstance(new Resolution());
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<Metric>>() {});
  }

  @Provides
  @Singleton
  ConfigSchema schema(Registries registries) {
    return new ConfigSchema(registries);
  }

  @Provides
  @Singleton
  @Validated
  ExperimentConfig validated(ExperimentConfig raw, ConfigSchema schema) {
    if (!ExperimentConfig.CONTINUOUS.equals(raw.family())) {
      throw new ConfigException(raw.origin() + ": family = " + raw.family() + ": a config of the discrete family"
          + " (DiscreteExperiment.build), not of the continuous one");
    }
    schema.validate(raw);
    return raw;
  }

  @Provides
  @Singleton
  Seeds seeds(@Validated ExperimentConfig c, Resolution r) {
    SectionParameters top = new SectionParameters(c, "", r);
    double seed = top.number("seed", 0);
    if (seed != Math.rint(seed) || Math.abs(seed) > 1L << 53) {
      throw top.invalid("seed", "must be a whole number");
    }
    return Seeds.of((long) seed);
  }

  @Provides
  @Singleton
  @Data
  Distribution data(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds) {
    return registries.build(Kind.DATASETS, c, "data", "four-clusters", Context.of(seeds.init("data")), r);
  }

  @Provides
  @Singleton
  @Source
  Distribution source(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      @Data Distribution data) {
    return registries.build(Kind.DATASETS, c, "source", "gaussian", Context.of(seeds.init("source")).withData(data), r);
  }

  @Provides
  @Singleton
  ProbabilityPath path(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds) {
    return registries.build(Kind.PATHS, c, "path", "condot", Context.of(seeds.init("path")), r);
  }

  @Provides
  @Singleton
  VelocityModel model(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      @Data Distribution data, @Source Distribution source, ProbabilityPath path) {
    return registries.build(Kind.MODELS, c, "model", "mlp", Context.of(seeds.init("model")).withData(data)
        .withSource(source).withPath(path), r);
  }

  @Provides
  @Singleton
  @Sampling
  OdeSolver sampler(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      ProbabilityPath path) {
    OdeSolver solver = registries.build(Kind.SOLVERS, c, "solver", "dopri5", Context.of(seeds.init("solver")), r);
    checkSameManifold(path, solver, new SectionParameters(c, "solver", r));
    return solver;
  }

  /**
   * A path on a manifold needs a solver that keeps the states on that manifold: an affine-only solver (dopri5, rk4,
   * ...) would step off it. One line naming solver.type.
   */
  static void checkSameManifold(ProbabilityPath path, OdeSolver solver, SectionParameters section) {
    if (path instanceof OnManifold onPath) {
      String where = onPath.manifold().name();
      if (!(solver instanceof OnManifold onSolver)) {
        throw section.invalid("type", "'" + solver.name() + "' is an affine-only solver, but path '" + path.name()
            + "' lives on the " + where + ": use projected-euler, projected-midpoint, projected-rk4 or"
            + " projected-rk4-38 with manifold: " + where);
      }
      if (!onSolver.manifold().name().equals(where)) {
        throw section.invalid("manifold", "the solver steps on the " + onSolver.manifold().name()
            + ", but the path lives on the " + where);
      }
    }
  }

  /**
   * The likelihood's solver is its own section; {@code likelihood.solver.type: same} reuses the sampling solver, so
   * that a solver study measures the likelihood error of each solver it samples with.
   */
  @Provides
  @Singleton
  LogLikelihood likelihood(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      @Sampling OdeSolver sampler) {
    boolean same = "same".equals(c.get("likelihood.solver.type").orElse(null));
    if (same) {
      new SectionParameters(c, "likelihood.solver", r).string("type", "dopri5");
    }
    OdeSolver solver = same ? sampler
        : registries.build(Kind.SOLVERS, c, "likelihood.solver", "dopri5", Context.of(seeds.init("likelihood.solver")), r);
    DivergenceEstimator divergence = registries.build(Kind.DIVERGENCES, c, "likelihood.divergence", "exact",
        Context.of(seeds.init("likelihood.divergence")), r);
    return new LogLikelihood(solver, divergence);
  }

  @Provides
  @Singleton
  TrainSettings train(@Validated ExperimentConfig c, Resolution r) {
    return TrainSettings.from(new SectionParameters(c, "train", r));
  }

  @Provides
  @Singleton
  Coupling coupling(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      TrainSettings train) {
    return registries.named(Kind.COUPLINGS, train.coupling(), c, "train.coupling", Context.of(seeds.init("train.coupling")), r);
  }

  @Provides
  @Singleton
  EvalSettings eval(@Validated ExperimentConfig c, Resolution r) {
    return EvalSettings.from(new SectionParameters(c, "eval", r), new SectionParameters(c, "likelihood", r));
  }

  /**
   * The metrics {@code eval.metrics} names, or by default every registered metric that this experiment can feed and
   * that is cheap enough for {@code eval.samples} (reference metrics only with {@code eval.reference: true}).
   */
  @Provides
  @Singleton
  List<Metric> metrics(@Validated ExperimentConfig c, Registries registries, Resolution r, Seeds seeds,
      EvalSettings eval, @Data Distribution data, @Source Distribution source, ProbabilityPath path) {
    return MetricSelection.choose(new SectionParameters(c, "eval", r),
        List.copyOf(registries.of(Kind.METRICS).keySet()),
        registries.of(Kind.METRICS).keySet() + Registries.EXTENSIONS,
        name -> (Metric) registries.of(Kind.METRICS).get(name).create(new SectionParameters(c, "eval." + name, r),
            Context.of(seeds.init("eval." + name)).withData(data)),
        need -> missing(need, data, source, path),
        m -> m.byDefault(eval.samples()) && (eval.reference() || !m.needs().contains(Need.REFERENCE)));
  }

  /** Why the experiment cannot provide {@code need}, or null when it can. */
  private static String missing(Need need, Distribution data, Distribution source, ProbabilityPath path) {
    if (need == Need.LIKELIHOODS && path instanceof OnManifold m) {
      return "path '" + path.name() + "' lives on the " + m.manifold().name() + ", where a likelihood needs the"
          + " Riemannian divergence (not implemented)";
    }
    if (need == Need.TRAJECTORIES && path instanceof OnManifold m) {
      return "path '" + path.name() + "' lives on the " + m.manifold().name() + ", where the trajectory metrics'"
          + " straight lines are not geodesics";
    }
    return switch (need) {
      case LIKELIHOODS -> source.hasDensity() ? null : "source '" + source.name() + "' has no closed-form density";
      case DATA_DENSITY -> data.hasDensity() ? null : "data '" + data.name() + "' has no closed-form density";
      case LABELS -> data instanceof Dataset d && d.conditioning().kind() == Conditioning.Kind.LABELS ? null
          : "data '" + data.name() + "' is not a dataset with class labels";
      case TOKEN_TABLE -> "the experiment is not of family: discrete";
      default -> null;
    };
  }
}
