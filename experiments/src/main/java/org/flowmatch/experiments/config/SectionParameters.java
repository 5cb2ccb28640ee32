package org.flowmatch.experiments.config;

import java.util.List;
import org.flowmatch.core.config.Parameters;

/**
 * One section of an {@link ExperimentConfig} as a component sees it. Every read is recorded, with the default
 * when the key is not set, so the run's resolved config holds every value actually used.
 */
public final class SectionParameters implements Parameters {
  private final ExperimentConfig config;
  private final String section;
  private final Resolution resolution;

  public SectionParameters(ExperimentConfig config, String section, Resolution resolution) {
    this.config = config;
    this.section = section;
    this.resolution = resolution;
  }

  @Override
  public String section() {
    return section;
  }

  private String full(String key) {
    return section.isEmpty() ? key : section + "." + key;
  }

  @Override
  public boolean has(String key) {
    return config.has(full(key));
  }

  @Override
  public double number(String key, double defaultValue) {
    Object value = read(key, defaultValue);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw invalid(key, "must be a number");
  }

  @Override
  public int integer(String key, int defaultValue) {
    Object value = read(key, defaultValue);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw invalid(key, "must be a whole number");
  }

  @Override
  public String string(String key, String defaultValue) {
    Object value = read(key, defaultValue);
    if (value instanceof List<?>) {
      throw invalid(key, "must be a single value, not a list");
    }
    return String.valueOf(value);
  }

  @Override
  public boolean flag(String key, boolean defaultValue) {
    Object value = read(key, defaultValue);
    if (value instanceof Boolean b) {
      return b;
    }
    if (value.equals("true") || value.equals("false")) {
      return value.equals("true"); // configs resolved before booleans were written as booleans
    }
    throw invalid(key, "must be true or false");
  }

  /** A required non-empty list of names, for example {@code [sliced_w2, mmd]}. */
  public List<String> strings(String key) {
    Object value = required(key);
    if (!(value instanceof List<?> list) || list.isEmpty()
        || !list.stream().allMatch(v -> v instanceof String || v instanceof Number)) {
      throw invalid(key, "must be a non-empty list of names, for example [sliced_w2, mmd]");
    }
    return list.stream().map(String::valueOf).toList();
  }

  @Override
  public double[] numbers(String key) {
    Object value = required(key);
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw invalid(key, "must be a non-empty list of numbers, for example [0.5, 0.5]");
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
    Object value = required(key);
    if (!(value instanceof List<?> rows) || rows.isEmpty()) {
      throw invalid(key, "must be a non-empty list of lists of numbers, for example [[-2, 0], [2, 0]]");
    }
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      if (!(rows.get(i) instanceof List<?> row) || row.isEmpty()) {
        throw invalid(key, "item " + i + " must be a list of numbers");
      }
      out[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        if (!(row.get(j) instanceof Number n)) {
          throw invalid(key, "item [" + i + "][" + j + "] must be a number");
        }
        out[i][j] = n.doubleValue();
      }
      if (out[i].length != out[0].length) {
        throw invalid(key, "item " + i + " has " + out[i].length + " numbers but item 0 has " + out[0].length);
      }
    }
    return out;
  }

  @Override
  public ConfigException invalid(String key, String why) {
    Object value = config.get(full(key)).orElse(null);
    String shown = value == null ? "(not set)" : ExperimentConfig.describe(value);
    return new ConfigException(config.origin() + ": " + full(key) + " = " + shown + ": " + why);
  }

  private Object read(String key, Object defaultValue) {
    Object value = config.get(full(key)).orElse(defaultValue);
    resolution.record(full(key), value);
    return value;
  }

  private Object required(String key) {
    Object value = config.get(full(key)).orElseThrow(() -> new ConfigException(config.origin() + ": " + full(key)
        + " is required here"));
    resolution.record(full(key), value);
    return value;
  }
}
