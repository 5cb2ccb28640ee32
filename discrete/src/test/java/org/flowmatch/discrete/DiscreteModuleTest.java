package org.flowmatch.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Parameters;
import org.junit.jupiter.api.Test;

/** The registry: found through ServiceLoader, every name bound, factories read their keys and fail in one line. */
class DiscreteModuleTest {

  static Injector injector() {
    List<Module> modules = new ArrayList<>();
    ServiceLoader.load(Module.class).forEach(modules::add);
    assertTrue(modules.stream().anyMatch(m -> m instanceof DiscreteModule), "DiscreteModule found by ServiceLoader");
    return Guice.createInjector(modules);
  }

  static <T> Map<String, Factory<T>> map(Injector injector, TypeLiteral<Map<String, Factory<T>>> type) {
    return injector.getInstance(Key.get(type));
  }

  @Test
  void registersEveryComponentByName() {
    Injector injector = injector();
    assertEquals(Set.of("checkerboard-tokens", "token-product", "token-grid"),
        new TreeSet<>(map(injector, new TypeLiteral<Map<String, Factory<TokenData>>>() {}).keySet()));
    assertEquals(Set.of("uniform", "mask"),
        map(injector, new TypeLiteral<Map<String, Factory<TokenSource>>>() {}).keySet());
    assertEquals(Set.of("polynomial", "cosine"),
        map(injector, new TypeLiteral<Map<String, Factory<ConvexScheduler>>>() {}).keySet());
    assertEquals(Set.of("posterior-mlp", "exact"),
        map(injector, new TypeLiteral<Map<String, Factory<PosteriorBuilder>>>() {}).keySet());
    assertEquals(Set.of("cross-entropy", "generalized-kl"),
        map(injector, new TypeLiteral<Map<String, Factory<DiscreteLoss>>>() {}).keySet());
    assertEquals(Set.of("discrete-euler"),
        map(injector, new TypeLiteral<Map<String, Factory<DiscreteEulerSampler>>>() {}).keySet());
  }

  @Test
  void factoriesBuildFromTheirKeysAndRejectBadValuesInOneLine() {
    Injector injector = injector();
    Context context = Context.of(Rng.seeded(1));
    TokenData board = map(injector, new TypeLiteral<Map<String, Factory<TokenData>>>() {}).get("checkerboard-tokens")
        .create(new MapParameters("data", Map.of("grid", 8, "cells", 2)), context);
    assertEquals(8, board.vocabulary());
    assertEquals(2, board.length());

    Factory<DiscreteEulerSampler> euler = map(injector,
        new TypeLiteral<Map<String, Factory<DiscreteEulerSampler>>>() {}).get("discrete-euler");
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1},
        euler.create(new MapParameters("sampler", Map.of("steps", 4)), context).grid(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> euler.create(new MapParameters("sampler", Map.of("steps", 0)), context));
    assertEquals("sampler.steps = 0: must be at least 1, got 0", e.getMessage());

    Factory<ConvexScheduler> polynomial = map(injector,
        new TypeLiteral<Map<String, Factory<ConvexScheduler>>>() {}).get("polynomial");
    e = assertThrows(IllegalArgumentException.class,
        () -> polynomial.create(new MapParameters("path", Map.of("exponent", -1.0)), context));
    assertEquals("path.exponent = -1.0: kappa = t^-1.0 is not a convex scheduler (kappa must rise from 0 at t = 0"
        + " to 1 at t = 1 without decreasing): kappa(0) = Infinity", e.getMessage());

    Factory<PosteriorBuilder> exact = map(injector,
        new TypeLiteral<Map<String, Factory<PosteriorBuilder>>>() {}).get("exact");
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), TokenSource.uniform(), 8);
    Posterior oracle = exact.create(new MapParameters("model", Map.of()), context).build(board, path, null);
    assertEquals(8, oracle.vocabulary());
  }

  /** A config section from a map, with the error format of the experiments' SectionParameters. */
  record MapParameters(String section, Map<String, Object> values) implements Parameters {
    @Override
    public boolean has(String key) {
      return values.containsKey(key);
    }

    @Override
    public double number(String key, double defaultValue) {
      return has(key) ? ((Number) values.get(key)).doubleValue() : defaultValue;
    }

    @Override
    public int integer(String key, int defaultValue) {
      return has(key) ? ((Number) values.get(key)).intValue() : defaultValue;
    }

    @Override
    public boolean flag(String key, boolean defaultValue) {
      return has(key) ? (Boolean) values.get(key) : defaultValue;
    }

    @Override
    public String string(String key, String defaultValue) {
      return has(key) ? values.get(key).toString() : defaultValue;
    }

    @Override
    public double[] numbers(String key) {
      return (double[]) values.get(key);
    }

    @Override
    public double[][] matrix(String key) {
      return (double[][]) values.get(key);
    }

    @Override
    public IllegalArgumentException invalid(String key, String why) {
      return new IllegalArgumentException(section + "." + key + " = " + values.get(key) + ": " + why);
    }
  }
}
