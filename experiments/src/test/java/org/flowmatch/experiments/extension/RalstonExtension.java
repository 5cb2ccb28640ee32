package org.flowmatch.experiments.extension;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.List;
import java.util.Set;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.PolynomialScheduler;
import org.flowmatch.solvers.ButcherTableau;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;

/**
 * An extension as a user would write one (docs/extending.md): a module on the class path, listed in
 * META-INF/services/com.google.inject.Module, that adds Ralston's second-order method, a quadratic path and a metric by name
 * without any change to the framework.
 */
public final class RalstonExtension extends AbstractModule {
  /** Ralston's method: the second-order two-stage method with the smallest error bound. */
  static final ButcherTableau RALSTON = new ButcherTableau("ralston", 2,
      new double[] {0, 2.0 / 3}, new double[][] {{}, {2.0 / 3}}, new double[] {0.25, 0.75}, null, 0, false,
      new double[][] {{1, -0.75}, {0, 0.75}});

  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {})
        .addBinding("ralston").toInstance(Factory.of("Ralston's method, order 2 (an extension)",
            List.of(Key.of("steps", 100, "equal steps")),
            (p, c) -> new RungeKuttaSolver(RALSTON, FixedGrid.steps(p.integer("steps", 100)))));
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<ProbabilityPath>>() {})
        .addBinding("quadratic").toInstance(Factory.of("alpha = t^2 (an extension)", List.of(),
            (p, c) -> new AffineProbabilityPath(new PolynomialScheduler(2))));
    MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {}, new TypeLiteral<Factory<Metric>>() {})
        .addBinding(MeanShift.NAME).toInstance(Factory.of("distance of the sample mean to the held-out mean"
            + " (an extension)", List.of(), (p, c) -> new MeanShift()));
  }

  /** A metric as an extension writes one: |mean(samples) - mean(held-out)|, with nothing else to configure. */
  static final class MeanShift implements Metric {
    static final String NAME = "mean_shift";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Set<Need> needs() {
      return Set.of(Need.SAMPLES, Need.HELD_OUT);
    }

    @Override
    public List<MetricValue> compute(EvaluationContext context) {
      return List.of(MetricValue.of(NAME, distance(mean(context.samples()), mean(context.heldOut()))));
    }

    static double[] mean(double[][] x) {
      double[] m = new double[x[0].length];
      for (double[] row : x) {
        for (int j = 0; j < m.length; j++) {
          m[j] += row[j] / x.length;
        }
      }
      return m;
    }

    static double distance(double[] a, double[] b) {
      double s = 0;
      for (int j = 0; j < a.length; j++) {
        s += (a[j] - b[j]) * (a[j] - b[j]);
      }
      return Math.sqrt(s);
    }
  }
}
