package org.flowmatch.paths;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;

/**
 * Registers the paths by name: the affine condot, vp, linear-vp, cosine and polynomial, each with torchcfm's constant
 * noise {@code sigma} (x_t = alpha_t x1 + sigma_t x0 + sigma eps; default 0, the plain path), and schrodinger-bridge,
 * CondOT with the Brownian bridge's noise ({@link PathNoise#bridge}; its {@code sigma} defaults to 1).
 */
public final class PathsModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, Factory<ProbabilityPath>> paths = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<ProbabilityPath>>() {});
    paths.addBinding("condot").toInstance(affine("linear path alpha = t, sigma = 1 - (1 - sigma_min) t",
        List.of(Key.of("sigma_min", 0.0, "noise left at t = 1 (Lipman et al.'s FM); 0 is I-CFM")),
        p -> new CondOTScheduler(p.number("sigma_min", 0))));
    paths.addBinding("vp").toInstance(affine("variance preserving, alpha = exp(-T/2), sigma = sqrt(1 - exp(-T))",
        List.of(Key.of("beta_min", 0.1, "the noise rate at t = 1"), Key.of("beta_max", 20.0, "at t = 0")),
        p -> new VPScheduler(p.number("beta_min", 0.1), p.number("beta_max", 20))));
    paths.addBinding("linear-vp").toInstance(affine("alpha = t, sigma = sqrt(1 - t^2)", List.of(),
        p -> new LinearVPScheduler()));
    paths.addBinding("cosine").toInstance(affine("alpha = sin(pi t / 2), sigma = cos(pi t / 2)", List.of(),
        p -> new CosineScheduler()));
    paths.addBinding("polynomial").toInstance(affine("alpha = t^n, sigma = 1 - t^n",
        List.of(Key.of("exponent", 2.0, "n, at least 1")),
        p -> new PolynomialScheduler(p.number("exponent", 2))));
    paths.addBinding("schrodinger-bridge").toInstance(Factory.of(
        "Brownian bridge x_t = t x1 + (1 - t) x0 + sigma sqrt(t (1 - t)) eps (torchcfm's SB-CFM, with"
            + " train.coupling: sinkhorn and train.coupling_reg = 2 sigma^2); velocity models only",
        List.of(Key.of("sigma", 1.0, "the bridge's diffusion coefficient")),
        (p, context) -> {
          double sigma = p.number("sigma", 1.0);
          if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw p.invalid("sigma", "must be finite and non-negative");
          }
          return NoisyPath.of(new AffineProbabilityPath(new CondOTScheduler(0)), PathNoise.bridge(sigma));
        }));
  }

  /** The key every affine path takes: torchcfm's constant noise. */
  static final Key SIGMA = Key.of("sigma", 0.0,
      "constant noise std added to x_t (torchcfm's sigma: x_t = t x1 + (1 - t) x0 + sigma eps); velocity models only");

  private static Factory<ProbabilityPath> affine(String description, List<Key> keys,
      java.util.function.Function<Parameters, Scheduler> scheduler) {
    List<Key> all = new java.util.ArrayList<>(keys);
    all.add(SIGMA);
    return Factory.of(description, List.copyOf(all), (p, context) -> {
      double sigma = p.number("sigma", 0);
      if (!(sigma >= 0) || Double.isInfinite(sigma)) {
        throw p.invalid("sigma", "must be finite and non-negative");
      }
      return NoisyPath.of(new AffineProbabilityPath(scheduler.apply(p)), PathNoise.constant(sigma));
    });
  }
}
