package org.flowmatch.experiments.extension.broken;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.config.Factory;
import org.flowmatch.solvers.ButcherTableau;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;

/** Kutta's 3/8 rule registered without its dense-output coefficients. */
public final class DenselessModule extends AbstractModule {
  static final ButcherTableau RK38 = new ButcherTableau("rk38", 4, new double[] {0, 1.0 / 3, 2.0 / 3, 1},
      new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}}, new double[] {0.125, 0.375, 0.375, 0.125}, null,
      0, false, null);

  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {})
        .addBinding("rk38").toInstance(Factory.of("Kutta's 3/8 rule", List.of(),
            (p, c) -> new RungeKuttaSolver(RK38, FixedGrid.steps(10))));
  }
}
