package org.flowmatch.core.eval;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The values behind {@link EvaluationContext#shared}: each computed on first request and kept. Not thread-safe, as
 * an evaluation is not. A computation may itself ask for other keys (which {@code Map.computeIfAbsent} forbids).
 */
public final class Memo {
  private final Map<String, Object> values = new HashMap<>();

  /** The value of {@code key}, computed by {@code compute} the first time. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key, Supplier<T> compute) {
    if (!values.containsKey(key)) {
      values.put(key, compute.get());
    }
    return (T) values.get(key);
  }
}
