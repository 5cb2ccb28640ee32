package org.flowmatch.experiments.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reference solves shared by evaluations of one model from the same noise (the cells of a study that differ only in
 * their solver): they depend on the model, the noise and the counts, which the keys name.
 */
public final class ReferenceCache {
  private final Map<String, Object> values = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  <T> T get(String key, Supplier<T> compute) {
    return (T) values.computeIfAbsent(key, k -> compute.get());
  }
}
