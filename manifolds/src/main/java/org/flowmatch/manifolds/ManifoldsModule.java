package org.flowmatch.manifolds;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.EnumSet;
import java.util.Set;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.models.data.Checkerboard;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.solvers.ButcherTableau;
import org.flowmatch.solvers.FixedGrid;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;

/**
 * Registers the manifolds (euclidean, sphere, torus) as a kind of their own, and the components that use them in
 * the existing kinds: the path {@code geodesic}, the model {@code tangent-mlp}, the solvers {@code projected-*} and
 * the datasets wrapped onto the sphere and the torus. A section names its manifold with {@code manifold:}, looked up
 * in the manifolds' registry, so an extension that registers a manifold gets all of these on it.
 */
public final class ManifoldsModule extends AbstractModule {
  private static final Key MANIFOLD = Key.required("manifold", "a registered manifold: euclidean, sphere or torus");
  private static final double[] NORTH_POLE = {0, 0, 1};

  @Override
  protected void configure() {
    MapBinder<String, Factory<Manifold>> manifolds = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<Manifold>>() {});
    manifolds.addBinding("euclidean").toInstance(Factory.of("R^n, flat: exp and log are + and -", List.of(),
        (p, c) -> new Euclidean()));
    manifolds.addBinding("sphere").toInstance(Factory.of("the unit sphere S^d in R^(d+1), round metric", List.of(),
        (p, c) -> new Sphere()));
    manifolds.addBinding("torus").toInstance(Factory.of("the flat torus [0, 2 pi)^d", List.of(),
        (p, c) -> new FlatTorus()));
    Provider<Map<String, Factory<Manifold>>> registry =
        getProvider(com.google.inject.Key.get(new TypeLiteral<Map<String, Factory<Manifold>>>() {}));

    MapBinder<String, Factory<ProbabilityPath>> paths = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<ProbabilityPath>>() {});
    paths.addBinding("geodesic").toInstance(Factory.of(
        "x_t = exp_x1(kappa_t log_x1(x0)), kappa_t = 1 - t^n, on a manifold (Riemannian FM)",
        List.of(MANIFOLD, Key.of("exponent", 1.0, "n, at least 1; 1 is the constant-speed geodesic")),
        (p, c) -> {
          double n = p.number("exponent", 1);
          if (!(n >= 1)) {
            throw p.invalid("exponent", "must be at least 1");
          }
          return new GeodesicPath(manifold(p, c, registry), n);
        }));

    MapBinder<String, Factory<VelocityModel>> models = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<VelocityModel>>() {});
    Provider<Map<String, Factory<VelocityModel>>> modelRegistry =
        getProvider(com.google.inject.Key.get(new TypeLiteral<Map<String, Factory<VelocityModel>>>() {}));
    models.addBinding("tangent-mlp").toInstance(new Factory<>() {
      @Override
      public String description() {
        return "the mlp on ambient coordinates, its output projected onto the tangent space of path.manifold";
      }

      @Override
      public List<Key> keys() {
        List<Key> keys = new ArrayList<>(modelRegistry.get().get("mlp").keys());
        keys.add(Key.of("features", "ambient", "ambient (x) or periodic ((cos x, sin x), for the torus)"));
        return keys;
      }

      @Override
      public VelocityModel create(Parameters p, Context c) {
        if (!(c.path() instanceof GeodesicPath path)) {
          throw p.invalid("type", "needs a path on a manifold (path.type: geodesic), not '" + c.path().name() + "'");
        }
        path.manifold().checkDim(c.dim());
        boolean periodic = switch (p.string("features", "ambient")) {
          case "ambient" -> false;
          case "periodic" -> true;
          default -> throw p.invalid("features", "must be ambient or periodic");
        };
        // the mlp factory sizes the network from the context's data: on periodic features it is twice as wide
        Context network = periodic ? c.withData(new StandardGaussian(2 * c.dim())) : c;
        VelocityModel mlp = modelRegistry.get().get("mlp").create(p, network);
        return new TangentModel((TrainableModel) mlp, path.manifold(), periodic);
      }
    });

    MapBinder<String, Factory<OdeSolver>> solvers = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<OdeSolver>>() {});
    solvers.addBinding("projected-euler").toInstance(projected(Tableaus.EULER,
        "Euler stepped in the ambient space, point and velocity projected (flow_matching's euler)", registry));
    solvers.addBinding("projected-midpoint").toInstance(projected(Tableaus.MIDPOINT,
        "midpoint, projected (flow_matching's midpoint)", registry));
    solvers.addBinding("projected-rk4").toInstance(projected(Tableaus.RK4,
        "classical Runge-Kutta, projected", registry));
    solvers.addBinding("projected-rk4-38").toInstance(projected(Tableaus.RK38,
        "Kutta's 3/8 rule, projected (flow_matching's rk4)", registry));

    MapBinder<String, Factory<Distribution>> datasets = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<Distribution>>() {});
    // flow_matching's notebooks: the checkerboard on [-2, 2]^2 (ours is on [-4, 4]^2, hence the extra 1/2) and
    // N(0, I), halved and wrapped at the north pole of S^2, or wrapped at 0 onto the torus.
    datasets.addBinding("sphere-checkerboard").toInstance(Factory.of(
        "the checkerboard on [-2, 2]^2, halved and wrapped onto S^2 at the north pole (flow_matching)", List.of(),
        (p, c) -> new WrappedDistribution("sphere-checkerboard", Checkerboard.dataset(), new Sphere(), NORTH_POLE,
            0.25)));
    datasets.addBinding("sphere-gaussian").toInstance(Factory.of(
        "N(0, I) in R^2, halved and wrapped onto S^2 at the north pole (flow_matching's source)", List.of(),
        (p, c) -> new WrappedDistribution("sphere-gaussian", new StandardGaussian(2), new Sphere(), NORTH_POLE,
            0.5)));
    datasets.addBinding("torus-checkerboard").toInstance(Factory.of(
        "the checkerboard on [-2, 2]^2 wrapped onto the flat torus at 0 (flow_matching)", List.of(),
        (p, c) -> new WrappedDistribution("torus-checkerboard", Checkerboard.dataset(), new FlatTorus(),
            new double[2], 0.5)));
    datasets.addBinding("torus-gaussian").toInstance(Factory.of(
        "N(0, I) in R^2 wrapped onto the flat torus at 0 (flow_matching's source)", List.of(),
        (p, c) -> new WrappedDistribution("torus-gaussian", new StandardGaussian(2), new FlatTorus(),
            new double[2], 1)));

    MapBinder<String, Factory<Metric>> metrics = MapBinder.newMapBinder(binder(),
        new TypeLiteral<String>() {}, new TypeLiteral<Factory<Metric>>() {});
    metrics.addBinding(GEODESIC_W2).toInstance(Factory.of("exact 2-Wasserstein distance of samples to held-out data"
        + " with the geodesic cost of the data's manifold (first " + MAX_EXACT_POINTS + " points; default on"
        + " manifolds)", List.of(), (p, c) -> new ManifoldMetric(GEODESIC_W2, c, (m, ctx) -> List.of(MetricValue.of(
            GEODESIC_W2, ManifoldMetrics.geodesicW2(m, head(ctx.samples()), head(ctx.heldOut())))), true)));
    metrics.addBinding(OFF_MANIFOLD).toInstance(Factory.of("the largest and the mean distance of the samples from"
        + " the data's manifold (off_manifold_max, off_manifold_mean; default on manifolds)", List.of(),
        (p, c) -> new ManifoldMetric(OFF_MANIFOLD, c, (m, ctx) -> {
          double[] off = ManifoldMetrics.offManifold(m, matrix(ctx.samples()));
          return List.of(MetricValue.of("off_manifold_max", off[0]), MetricValue.of("off_manifold_mean", off[1]));
        }, false)));
  }

  private static final String GEODESIC_W2 = "geodesic_w2";
  private static final String OFF_MANIFOLD = "off_manifold";
  /** The exact assignment is O(n^3): like the Euclidean w2, at most this many points. */
  static final int MAX_EXACT_POINTS = 2000;

  /**
   * A metric of samples on the data's manifold: in the default selection only when the data lies on one; chosen
   * explicitly on other data, it measures in the Euclidean space (where the geodesic W2 is the W2).
   */
  private record ManifoldMetric(String name, Manifold manifold, boolean onManifold,
      java.util.function.BiFunction<Manifold, EvaluationContext, List<MetricValue>> compute, boolean exact)
      implements Metric {
    ManifoldMetric(String name, Context c,
        java.util.function.BiFunction<Manifold, EvaluationContext, List<MetricValue>> compute, boolean exact) {
      this(name, c.hasData() && c.data() instanceof OnManifold m ? m.manifold() : new Euclidean(),
          c.hasData() && c.data() instanceof OnManifold, compute, exact);
    }

    @Override
    public Set<Need> needs() {
      return exact ? EnumSet.of(Need.SAMPLES, Need.HELD_OUT) : EnumSet.of(Need.SAMPLES);
    }

    @Override
    public boolean byDefault(int samples) {
      return onManifold && (!exact || samples <= MAX_EXACT_POINTS);
    }

    @Override
    public List<MetricValue> compute(EvaluationContext context) {
      return compute.apply(manifold, context);
    }
  }

  private static INDArray head(double[][] points) {
    return matrix(points.length > MAX_EXACT_POINTS ? java.util.Arrays.copyOf(points, MAX_EXACT_POINTS) : points);
  }

  private static INDArray matrix(double[][] points) {
    int d = points.length == 0 ? 0 : points[0].length;
    double[] flat = new double[points.length * d];
    for (int i = 0; i < points.length; i++) {
      System.arraycopy(points[i], 0, flat, i * d, d);
    }
    return NdArrays.matrix(flat, points.length, d, DataType.DOUBLE);
  }

  private static Manifold manifold(Parameters p, Context c, Provider<Map<String, Factory<Manifold>>> registry) {
    if (!p.has("manifold")) {
      throw p.invalid("manifold", "is required: one of " + new TreeMap<>(registry.get()).keySet());
    }
    String name = p.string("manifold", "");
    Factory<Manifold> factory = registry.get().get(name);
    if (factory == null) {
      throw p.invalid("manifold", "no manifold of that name; registered: " + new TreeMap<>(registry.get()).keySet());
    }
    return factory.create(p, c);
  }

  private static Factory<OdeSolver> projected(ButcherTableau tableau, String description,
      Provider<Map<String, Factory<Manifold>>> registry) {
    List<Key> keys = new ArrayList<>(List.of(MANIFOLD,
        Key.of("steps", 100, "equal steps from t0 to t1"),
        Key.of("step_size", "", "a step size instead of steps (the last step is shortened)"),
        Key.of("grid", "", "an explicit grid of times in [0, 1] instead of steps")));
    return Factory.of(description, keys, (p, c) -> {
      FixedGrid grid = p.has("grid") ? FixedGrid.grid(p.numbers("grid"))
          : p.has("step_size") ? FixedGrid.stepSize(p.number("step_size", 0))
          : FixedGrid.steps(p.integer("steps", 100));
      return new ProjectedSolver(manifold(p, c, registry), new RungeKuttaSolver(tableau, grid));
    });
  }
}
