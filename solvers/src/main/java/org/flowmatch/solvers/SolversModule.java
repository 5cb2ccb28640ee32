package org.flowmatch.solvers;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.ArrayList;
import java.util.List;

import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.HutchinsonDivergence;

/**
 * Registers the solvers (euler, midpoint, heun, rk4, dopri5) and the divergence estimators (exact, hutchinson).
 */
public final class SolversModule extends AbstractModule {
  private static final List<Key> FIXED_KEYS = List.of(
      Key.of("steps", 100, "equal steps from t0 to t1"),
      Key.of("step_size", "", "a step size instead of steps (the last step is shortened)"),
      Key.of("grid", "", "an explicit grid of times in [0, 1] instead of steps"));

  @Override
  protected void configure() {
    MapBinder<String, Factory<OdeSolver>> solvers = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {});
    solvers.addBinding("euler").toInstance(fixed(Tableaus.EULER, "forward Euler, order 1"));
    solvers.addBinding("midpoint").toInstance(fixed(Tableaus.MIDPOINT, "explicit midpoint, order 2"));
    solvers.addBinding("heun").toInstance(fixed(Tableaus.HEUN, "Heun's trapezoid, order 2"));
    solvers.addBinding("rk4").toInstance(fixed(Tableaus.RK4, "classical Runge-Kutta, order 4"));
    List<Key> adaptiveKeys = new ArrayList<>(List.of(
        Key.of("rtol", 1e-5, "relative tolerance"),
        Key.of("atol", 1e-5, "absolute tolerance"),
        Key.of("error_control", "shared", "shared (one step size for the batch) or per-row"),
        Key.of("max_steps", Adaptive.DEFAULT_MAX_STEPS, "the most steps a row may take"),
        Key.of("min_step", Adaptive.DEFAULT_MIN_STEP, "the smallest step size before failing")));
    // Fixed steps only on request under a key of its own, so that a config's solver.steps (meant for a
    // fixed-step solver) never silently turns off error control when an override switches to dopri5.
    adaptiveKeys.add(Key.of("fixed_steps", 0, "N equal steps instead of error control (for order studies); 0: adaptive"));
    solvers.addBinding("dopri5").toInstance(Factory.of("Dormand-Prince 5(4), adaptive, dense output",
        adaptiveKeys, (p, c) -> p.integer("fixed_steps", 0) > 0
            ? new RungeKuttaSolver(Tableaus.DOPRI5, FixedGrid.steps(p.integer("fixed_steps", 0)))
            : new RungeKuttaSolver(Tableaus.DOPRI5, adaptive(p))));

    MapBinder<String, Factory<DivergenceEstimator>> divergences = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<DivergenceEstimator>>() {});
    divergences.addBinding("exact").toInstance(Factory.of(
        "the model's closed form, else the trace from dim vector-Jacobian products", List.of(),
        (p, c) -> new ExactDivergence()));
    divergences.addBinding("hutchinson").toInstance(Factory.of(
        "Hutchinson's unbiased trace estimate, probes fixed per solve",
        List.of(Key.of("probes", 1, "probes per evaluation"),
            Key.of("probe", "rademacher", "rademacher or gaussian")),
        (p, c) -> new HutchinsonDivergence(p.integer("probes", 1),
            HutchinsonDivergence.Probe.fromConfigName(p.string("probe", "rademacher")))));
  }

  private static Factory<OdeSolver> fixed(ButcherTableau tableau, String description) {
    return Factory.of(description, FIXED_KEYS, (p, c) -> new RungeKuttaSolver(tableau, grid(p)));
  }

  private static FixedGrid grid(Parameters p) {
    if (p.has("grid")) {
      return FixedGrid.grid(p.numbers("grid"));
    }
    if (p.has("step_size")) {
      return FixedGrid.stepSize(p.number("step_size", 0));
    }
    return FixedGrid.steps(p.integer("steps", 100));
  }

  private static Adaptive adaptive(Parameters p) {
    String mode = p.string("error_control", "shared");
    ErrorControl control = switch (mode) {
      case "shared" -> ErrorControl.SHARED;
      case "per-row" -> ErrorControl.PER_ROW;
      default -> throw p.invalid("error_control", "must be shared or per-row");
    };
    return Adaptive.of(p.number("rtol", 1e-5), p.number("atol", 1e-5), control)
        .withMaxSteps(p.integer("max_steps", Adaptive.DEFAULT_MAX_STEPS))
        .withMinStep(p.number("min_step", Adaptive.DEFAULT_MIN_STEP));
  }

}
