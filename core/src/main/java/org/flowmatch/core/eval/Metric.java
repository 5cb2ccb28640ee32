package org.flowmatch.core.eval;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

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

  /**
   * A metric from its name, needs, default rule and computation: what most metrics are, so that registering one is a
   * line, not an anonymous class.
   *
   * @param byDefault whether the default selection includes it for a given number of samples
   */
  static Metric of(String name, Set<Need> needs, IntPredicate byDefault,
      Function<EvaluationContext, List<MetricValue>> compute) {
    Set<Need> copy = Set.copyOf(needs);
    return new Metric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Need> needs() {
        return copy;
      }

      @Override
      public boolean byDefault(int samples) {
        return byDefault.test(samples);
      }

      @Override
      public List<MetricValue> compute(EvaluationContext context) {
        return compute.apply(context);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
