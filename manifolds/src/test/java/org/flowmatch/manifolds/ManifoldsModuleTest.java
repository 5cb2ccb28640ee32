package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Parameters;
import org.flowmatch.models.ModelsModule;
import org.flowmatch.paths.PathsModule;
import org.flowmatch.solvers.SolversModule;
import org.junit.jupiter.api.Test;

/** The registrations, found by name beside those of the other modules, and their bad input. */
class ManifoldsModuleTest {
  private static final Injector INJECTOR = Guice.createInjector(new ManifoldsModule(), new PathsModule(),
      new SolversModule(), new ModelsModule());

  private static <T> Map<String, Factory<T>> registry(TypeLiteral<Map<String, Factory<T>>> type) {
    return INJECTOR.getInstance(Key.get(type));
  }

  /** A section as a plain map, enough for factories. */
  record MapParameters(String section, Map<String, String> values) implements Parameters {
    @Override
    public boolean has(String key) {
      return values.containsKey(key);
    }

    @Override
    public double number(String key, double defaultValue) {
      return has(key) ? Double.parseDouble(values.get(key)) : defaultValue;
    }

    @Override
    public int integer(String key, int defaultValue) {
      return has(key) ? Integer.parseInt(values.get(key)) : defaultValue;
    }

    @Override
    public String string(String key, String defaultValue) {
      return values.getOrDefault(key, defaultValue);
    }

    @Override
    public boolean flag(String key, boolean defaultValue) {
      return has(key) ? Boolean.parseBoolean(values.get(key)) : defaultValue;
    }

    @Override
    public double[] numbers(String key) {
      throw invalid(key, "not in this test");
    }

    @Override
    public double[][] matrix(String key) {
      throw invalid(key, "not in this test");
    }

    @Override
    public IllegalArgumentException invalid(String key, String why) {
      return new IllegalArgumentException(section + "." + key + " = " + values.get(key) + ": " + why);
    }
  }

  private static Parameters section(String name, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return new MapParameters(name, m);
  }

  @Test
  void everyComponentIsRegisteredByName() {
    assertEquals(Set.of("euclidean", "sphere", "torus"),
        registry(new TypeLiteral<Map<String, Factory<Manifold>>>() {}).keySet());
    assertTrue(registry(new TypeLiteral<Map<String, Factory<ProbabilityPath>>>() {}).containsKey("geodesic"));
    assertTrue(registry(new TypeLiteral<Map<String, Factory<VelocityModel>>>() {}).containsKey("tangent-mlp"));
    assertTrue(registry(new TypeLiteral<Map<String, Factory<OdeSolver>>>() {}).keySet().containsAll(Set.of(
        "projected-euler", "projected-midpoint", "projected-rk4", "projected-rk4-38")));
    assertTrue(registry(new TypeLiteral<Map<String, Factory<Distribution>>>() {}).keySet().containsAll(Set.of(
        "sphere-checkerboard", "sphere-gaussian", "torus-checkerboard", "torus-gaussian")));
  }

  @Test
  void aConfiguredSphereExperimentBuilds() {
    Context context = Context.of(Rng.seeded(1));
    Distribution data = registry(new TypeLiteral<Map<String, Factory<Distribution>>>() {})
        .get("sphere-checkerboard").create(section("data"), context);
    ProbabilityPath path = registry(new TypeLiteral<Map<String, Factory<ProbabilityPath>>>() {})
        .get("geodesic").create(section("path", "manifold", "sphere"), context);
    VelocityModel model = registry(new TypeLiteral<Map<String, Factory<VelocityModel>>>() {})
        .get("tangent-mlp").create(section("model", "width", "16", "depth", "2"), context.withData(data)
            .withPath(path));
    OdeSolver solver = registry(new TypeLiteral<Map<String, Factory<OdeSolver>>>() {})
        .get("projected-midpoint").create(section("solver", "manifold", "sphere", "steps", "5"), context);
    assertEquals(3, data.dim());
    assertTrue(model instanceof TangentModel);
    var x = data.sample(10, Rng.seeded(2));
    var out = solver.solve(model, x, 0, 1).finalState();
    assertTrue(ManifoldMetrics.offManifold(new Sphere(), out)[0] < 1e-6);
    assertEquals(5, solver.solve(model, x, 0, 1).nfe() / 2);
  }

  @Test
  void badSectionsAreOneLine() {
    Context context = Context.of(Rng.seeded(1));
    var paths = registry(new TypeLiteral<Map<String, Factory<ProbabilityPath>>>() {});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> paths.get("geodesic").create(section("path", "manifold", "spher"), context));
    assertEquals("path.manifold = spher: no manifold of that name; registered: [euclidean, sphere, torus]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> paths.get("geodesic").create(section("path"), context));
    assertTrue(e.getMessage().contains("is required"), e.getMessage());
    Distribution flat = registry(new TypeLiteral<Map<String, Factory<Distribution>>>() {}).get("moons")
        .create(section("data"), context);
    ProbabilityPath condot = paths.get("condot").create(section("path"), context);
    e = assertThrows(IllegalArgumentException.class, () -> registry(
        new TypeLiteral<Map<String, Factory<VelocityModel>>>() {}).get("tangent-mlp")
        .create(section("model"), context.withData(flat).withPath(condot)));
    assertTrue(e.getMessage().contains("needs a path on a manifold (path.type: geodesic)"), e.getMessage());
  }
}
