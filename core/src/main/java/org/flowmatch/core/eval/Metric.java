package org.flowmatch.core.eval;

import java.util.List;
import java.util.Set;

/**
 * A measure of a flow or its samples, chosen by name in {@code eval.metrics}. It declares the ingredients it
 * {@link #needs()}, so that the evaluation computes only those, and returns named values; it must not mutate the
 * context's arrays (they are shared by every metric). Implementations are immutable; randomness comes from {@link
 * EvaluationContext#rng(String)}.
 */
public interface Metric {

  /** Its registered name (the key in {@code eval.metrics}); usually also the name of its one value. */
  String name();

  /** The ingredients it reads. */
  Set<Need> needs();

  /**
   * Whether the default selection (no {@code eval.metrics}) includes it for {@code samples} samples: false where it
   * would cost too much (an O(n^3) assignment on many points). Choosing it explicitly always runs it.
   */
  default boolean byDefault(int samples) {
    return true;
  }

  /** Its values, each with its standard error where it has one. */
  List<MetricValue> compute(EvaluationContext context);
}
