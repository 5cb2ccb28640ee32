package org.flowmatch.core.eval;

import java.util.Objects;

/**
 * One named value a {@link Metric} reports, with its standard error where the metric can estimate one.
 *
 * @param name the value's one name in every results file, for example {@code nll_nats}
 * @param value the value
 * @param standardError its estimated standard deviation; {@code NaN} when the metric gives none
 */
public record MetricValue(String name, double value, double standardError) {

  public MetricValue {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("metric value name '" + name + "' must be lower-case words joined by _");
    }
  }

  /** A value without a standard error. */
  public static MetricValue of(String name, double value) {
    return new MetricValue(name, value, Double.NaN);
  }

  /** Whether the metric gave a standard error. */
  public boolean hasStandardError() {
    return !Double.isNaN(standardError);
  }
}
