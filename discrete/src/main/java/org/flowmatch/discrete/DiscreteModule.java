package org.flowmatch.discrete;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.core.eval.Metric;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Registers the discrete family by name, one {@code MapBinder<String, Factory<T>>} per kind: token datasets,
 * sources, convex schedulers, posterior models, losses and the sampler.
 */
public final class DiscreteModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, Factory<TokenData>> data = MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {},
        new TypeLiteral<Factory<TokenData>>() {});
    data.addBinding("checkerboard-tokens").toInstance(Factory.of(
        "flow_matching's discrete checkerboard: D = 2 tokens on a grid x grid table, cells x cells squares",
        List.of(Key.of("grid", 128, "V, the grid points per axis"),
            Key.of("cells", 4, "squares per axis (grid must be a multiple)")),
        (p, c) -> TokenTable.checkerboard(p.integer("grid", 128), p.integer("cells", 4))));
    data.addBinding("token-product").toInstance(Factory.of(
        "a product of categoricals: one list of V weights per position",
        List.of(Key.required("weights", "D lists of V weights")),
        (p, c) -> table(p, () -> TokenTable.product(p.matrix("weights")))));
    data.addBinding("token-grid").toInstance(Factory.of("a joint table over a 2-D grid (D = 2): a V x V matrix",
        List.of(Key.required("weights", "V lists of V weights, weights[a][b] for x = (a, b)")),
        (p, c) -> table(p, () -> TokenTable.grid(p.matrix("weights")))));

    MapBinder<String, Factory<TokenSource>> sources = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<TokenSource>>() {});
    sources.addBinding("uniform").toInstance(Factory.of("uniform over the V tokens", List.of(),
        (p, c) -> TokenSource.uniform()));
    sources.addBinding("mask").toInstance(Factory.of("every token masked (an extra symbol V)", List.of(),
        (p, c) -> TokenSource.mask()));

    MapBinder<String, Factory<ConvexScheduler>> schedulers = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<ConvexScheduler>>() {});
    schedulers.addBinding("polynomial").toInstance(Factory.of("mixture path with kappa = t^n",
        List.of(Key.of("exponent", 2.0, "n > 0")),
        (p, c) -> scheduler(p, ConvexScheduler.polynomial(p.number("exponent", 2)), "exponent")));
    schedulers.addBinding("cosine").toInstance(Factory.of("mixture path with kappa = 1 - cos(pi t / 2)", List.of(),
        (p, c) -> ConvexScheduler.cosine()));

    MapBinder<String, Factory<PosteriorBuilder>> models = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<PosteriorBuilder>>() {});
    models.addBinding("posterior-mlp").toInstance(Factory.of(
        "a DL4J MLP: tokens and t in, D x V logits out, softmax per position (flow_matching's 2-D discrete MLP)",
        List.of(Key.of("input", "embedding", "embedding (a token embedding shared by the positions, N(0, 1), and a"
                + " linear time embedding, Swish on both: flow_matching's) or one-hot (one-hot blocks and t)"),
            Key.of("embedding", "", "units of the token embedding (default: width)"),
            Key.of("width", 128, "units per hidden layer"), Key.of("depth", 3, "hidden Swish layers"),
            Key.of("dtype", "float32", "float32 or float64")),
        DiscreteModule::network));
    models.addBinding("exact").toInstance(Factory.of("the exact posterior of a table dataset (nothing to train)",
        List.of(), (p, c) -> (d, path, rng) -> {
          if (!(d instanceof TokenTable table)) {
            throw p.invalid("type", "the exact posterior needs data given as a table, got " + d);
          }
          return table.posterior(path);
        }));

    MapBinder<String, Factory<DiscreteLoss>> losses = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<DiscreteLoss>>() {});
    losses.addBinding("cross-entropy").toInstance(Factory.of("-log p(x1^i | x_t)", List.of(),
        (p, c) -> DiscreteLoss.crossEntropy()));
    losses.addBinding("generalized-kl").toInstance(Factory.of(
        "flow_matching's MixturePathGeneralizedKL", List.of(), (p, c) -> DiscreteLoss.generalizedKl()));

    MapBinder<String, Factory<DiscreteEulerSampler>> samplers = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<DiscreteEulerSampler>>() {});
    samplers.addBinding("discrete-euler").toInstance(Factory.of(
        "the CTMC's Euler sampler; the step that reaches t = 1 draws from the posterior",
        List.of(Key.of("jump", "total-rate", "total-rate (leave at the total rate, land by the posterior without"
                + " the current token) or draw-then-jump (flow_matching's law: draw x1 from the posterior, jump to it"
                + " at rate kappa'/(1 - kappa))"),
            Key.of("steps", 64, "equal steps on [0, 1]"),
            Key.of("step_size", "", "a step size instead (the last step ends at 1)"),
            Key.of("time_grid", "", "an explicit increasing grid instead")),
        DiscreteModule::sampler));

    // Registered with the continuous metrics (flowmatch list shows them there); each needs TOKEN_TABLE. The KL's
    // registered name is token_kl because kl_nats is the continuous likelihood metric; its value keeps the name.
    MapBinder<String, Factory<Metric>> metrics = MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {},
        new TypeLiteral<Factory<Metric>>() {});
    metric(metrics, TokenMetrics.ofSamples("token_kl", "kl_nats", TokenHistogram::kl), "KL from the samples'"
        + " histogram to the data's table, kl_nats (infinite when a sample is off the support; family: discrete)");
    metric(metrics, TokenMetrics.ofSamples("kl_support_nats", "kl_support_nats", TokenHistogram::klOnSupport),
        "KL from the samples' histogram, restricted to the table's support, to the table (family: discrete)");
    metric(metrics, TokenMetrics.ofSamples("off_support", "off_support", TokenHistogram::offSupport),
        "the fraction of samples off the table's support (family: discrete)");
    metric(metrics, TokenMetrics.ofSamples("tv", "tv", TokenHistogram::tv),
        "total variation between the samples' histogram and the table (family: discrete)");
    metric(metrics, TokenMetrics.ofExactDraws("kl_support_exact_draws_nats", "kl_support_exact_draws_nats",
        TokenHistogram::klOnSupport), "kl_support_nats of as many exact draws from the table: the plug-in floor"
        + " (family: discrete)");
  }

  private static void metric(MapBinder<String, Factory<Metric>> binder, Metric m, String description) {
    binder.addBinding(m.name()).toInstance(Factory.of(description, List.of(), (p, c) -> m));
  }

  private static TokenData table(Parameters p, java.util.function.Supplier<TokenData> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw p.invalid("weights", e.getMessage());
    }
  }

  private static ConvexScheduler scheduler(Parameters p, ConvexScheduler scheduler, String key) {
    try {
      return ConvexScheduler.check(scheduler, p.section() + "." + key);
    } catch (IllegalArgumentException e) {
      throw p.invalid(key, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }

  private static PosteriorBuilder network(Parameters p, org.flowmatch.core.config.Context c) {
    int width = p.integer("width", 128);
    int depth = p.integer("depth", 3);
    String dtype = p.string("dtype", "float32");
    DataType type = switch (dtype) {
      case "float32" -> DataType.FLOAT;
      case "float64" -> DataType.DOUBLE;
      default -> throw p.invalid("dtype", "must be float32 or float64");
    };
    if (width < 1 || depth < 1) {
      throw p.invalid(width < 1 ? "width" : "depth", "must be positive");
    }
    PosteriorNetwork.Input input = PosteriorNetwork.Input.named(p.string("input", "embedding"));
    if (input == null) {
      throw p.invalid("input", "must be embedding or one-hot");
    }
    if (input == PosteriorNetwork.Input.ONE_HOT && p.has("embedding")) {
      throw p.invalid("embedding", "applies to input: embedding only");
    }
    int embedding = p.has("embedding") ? p.integer("embedding", width) : width;
    if (embedding < 1) {
      throw p.invalid("embedding", "must be positive");
    }
    return (d, path, rng) -> PosteriorNetwork.initialize(new PosteriorNetwork.Spec(d.length(), d.vocabulary(),
        path.symbols(), input, embedding, width, depth, type), rng);
  }

  private static DiscreteEulerSampler sampler(Parameters p, org.flowmatch.core.config.Context c) {
    DiscreteEulerSampler.Jump jump = DiscreteEulerSampler.Jump.named(p.string("jump", "total-rate"));
    if (jump == null) {
      throw p.invalid("jump", "must be draw-then-jump or total-rate");
    }
    return grid(p).withJump(jump);
  }

  private static DiscreteEulerSampler grid(Parameters p) {
    int chosen = (p.has("steps") ? 1 : 0) + (p.has("step_size") ? 1 : 0) + (p.has("time_grid") ? 1 : 0);
    if (chosen > 1) {
      throw p.invalid(p.has("time_grid") ? "time_grid" : "step_size", "set only one of steps, step_size and "
          + "time_grid");
    }
    try {
      if (p.has("time_grid")) {
        return DiscreteEulerSampler.grid(p.numbers("time_grid"));
      }
      if (p.has("step_size")) {
        return DiscreteEulerSampler.stepSize(p.number("step_size", 0));
      }
      return DiscreteEulerSampler.steps(p.integer("steps", 64));
    } catch (IllegalArgumentException e) {
      String key = p.has("time_grid") ? "time_grid" : p.has("step_size") ? "step_size" : "steps";
      throw p.invalid(key, e.getMessage().substring(e.getMessage().indexOf(' ') + 1));
    }
  }
}
