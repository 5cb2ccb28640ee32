package org.flowmatch.experiments.extension.broken;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.config.Factory;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;

/** A module that registers a solver under a built-in name. */
public final class DuplicateModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {})
        .addBinding("rk4").toInstance(Factory.of("another rk4", List.of(),
            (p, c) -> new RungeKuttaSolver(Tableaus.RK4, FixedGrid.steps(10))));
  }
}
