package org.flowmatch.models.files;

import java.util.List;
import java.util.Map;
import org.flowmatch.core.config.Parameters;

/** A config section held in a map, for tests: values as YAML would give them (numbers, strings, lists). */
final class MapParameters implements Parameters {
  private final Map<String, Object> values;

  MapParameters(Map<String, Object> values) {
    this.values = values;
  }

  @Override
  public String section() {
    return "data";
  }

  @Override
  public boolean has(String key) {
    return values.containsKey(key);
  }

  @Override
  public double number(String key, double defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw invalid(key, "must be a number");
  }

  @Override
  public int integer(String key, int defaultValue) {
    double v = number(key, defaultValue);
    if (v != Math.rint(v)) {
      throw invalid(key, "must be a whole number");
    }
    return (int) v;
  }

  @Override
  public String string(String key, String defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof List<?>) {
      throw invalid(key, "must be a single value, not a list");
    }
    return String.valueOf(v);
  }

  @Override
  public boolean flag(String key, boolean defaultValue) {
    Object v = values.getOrDefault(key, defaultValue);
    if (v instanceof Boolean b) {
      return b;
    }
    throw invalid(key, "must be true or false");
  }

  @Override
  public double[] numbers(String key) {
    if (!(values.get(key) instanceof List<?> list)) {
      throw invalid(key, "must be a list of numbers");
    }
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number n)) {
        throw invalid(key, "item " + i + " must be a number");
      }
      out[i] = n.doubleValue();
    }
    return out;
  }

  @Override
  public double[][] matrix(String key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public IllegalArgumentException invalid(String key, String why) {
    return new IllegalArgumentException("data." + key + " = " + values.get(key) + ": " + why);
  }
}
