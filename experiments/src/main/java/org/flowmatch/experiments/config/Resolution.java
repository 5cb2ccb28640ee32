package org.flowmatch.experiments.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of every key the components read while an experiment was built, defaults included: the resolved
 * config that a run writes and {@code reproduce} rebuilds from.
 */
public final class Resolution {
  private final Map<String, Object> values = new LinkedHashMap<>();

  synchronized void record(String key, Object value) {
    values.putIfAbsent(key, value);
  }

  /** Every key read so far. */
  public synchronized java.util.Set<String> keys() {
    return new java.util.TreeSet<>(values.keySet());
  }

  /** The config that sets every key read to the value used. */
  public synchronized ExperimentConfig resolve(ExperimentConfig config) {
    ExperimentConfig resolved = config;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!config.has(e.getKey())) {
        resolved = resolved.with(e.getKey(), e.getValue());
      }
    }
    return resolved;
  }
}
