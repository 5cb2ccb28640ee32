package org.example.fm;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.solvers.Adaptive;
import org.flowmatch.solvers.ButcherTableau;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;

/** Registers the example's components: a path, two solvers, a dataset, a model and a metric. */
public final class ExampleModule extends AbstractModule {
  /** Kutta's 3/8 rule, order 4, with the cubic continuous extension of order 3 (b_s(1) = b_s). */
  static final ButcherTableau RK38 = new ButcherTableau("rk38", 4,
      new double[] {0, 1.0 / 3, 2.0 / 3, 1},
      new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}},
      new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8},
      null, 0, false,                                          // no embedded estimate: fixed steps only
      new double[][] {{1, -15.0 / 8, 1}, {0, 15.0 / 8, -3.0 / 2}, {0, 3.0 / 8, 0}, {0, -3.0 / 8, 1.0 / 2}});

  /** Bogacki-Shampine 3(2), FSAL, with the cubic continuous extension that scipy's RK23 uses. */
  static final ButcherTableau BOSH3 = new ButcherTableau("bosh3", 3,
      new double[] {0, 1.0 / 2, 3.0 / 4, 1},
      new double[][] {{}, {1.0 / 2}, {0, 3.0 / 4}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
      new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0},
      new double[] {-5.0 / 72, 1.0 / 12, 1.0 / 9, -1.0 / 8},    // e = b - b_hat
      2, true,                                                    // errorOrder, fsal
      new double[][] {{1, -4.0 / 3, 5.0 / 9}, {0, 1, -2.0 / 3}, {0, 4.0 / 3, -8.0 / 9}, {0, -1, 1}});

  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<ProbabilityPath>>() {})
        .addBinding("sine").toInstance(Factory.of("alpha = sin(pi t / 2), sigma = 1 - alpha", List.of(),
            (p, c) -> new AffineProbabilityPath(new SineScheduler())));

    MapBinder<String, Factory<OdeSolver>> solvers = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {});
    solvers.addBinding("rk38").toInstance(Factory.of("Kutta's 3/8 rule, order 4, fixed steps",
        List.of(Key.of("steps", 100, "equal steps")),
        (p, c) -> new RungeKuttaSolver(RK38, FixedGrid.steps(p.integer("steps", 100)))));
    solvers.addBinding("bosh3").toInstance(Factory.of("Bogacki-Shampine 3(2), adaptive",
        List.of(Key.of("rtol", 1e-5, "relative tolerance"), Key.of("atol", 1e-5, "absolute tolerance")),
        (p, c) -> new RungeKuttaSolver(BOSH3,
            Adaptive.of(p.number("rtol", 1e-5), p.number("atol", 1e-5), ErrorControl.SHARED))));

    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<Distribution>>() {})
        .addBinding("ring").toInstance(Factory.of("a noisy circle, no closed-form density",
            List.of(Key.of("radius", 3.0, "radius"), Key.of("noise", 0.1, "radial std")),
            (p, c) -> new Ring(p.number("radius", 3), p.number("noise", 0.1))));

    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<VelocityModel>>() {})
        .addBinding("linear").toInstance(Factory.of("v = -c x (nothing to train)",
            List.of(Key.of("rate", 1.0, "c")),
            (p, ctx) -> new LinearModel(ctx.dim(), p.number("rate", 1))));

    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<Metric>>() {})
        .addBinding(SecondMomentGap.NAME).toInstance(Factory.of(
            "|E|x|^2 - E|y|^2| of samples and held-out data (an extension)", List.of(),
            (p, c) -> new SecondMomentGap()));
  }
}
