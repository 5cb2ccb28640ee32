package org.flowmatch.discrete;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;

/**
 * The discrete family's metrics: the samples' histogram against the data's table. Each needs {@link
 * Need#TOKEN_TABLE}, so only a discrete run can feed it (and a continuous one's default selection leaves it out).
 */
public final class TokenMetrics {
  private TokenMetrics() {}

  /** A metric of the samples' histogram (computed once per context and shared by every token metric). */
  static Metric ofSamples(String name, String value, java.util.function.BiFunction<TokenHistogram, TokenTable,
      Double> compute) {
    return metric(name, EnumSet.of(Need.TOKEN_TABLE), c -> MetricValue.of(value,
        compute.apply(histogram(c, "token_histogram", c.tokens()), c.table())));
  }

  /** A metric of the histogram of as many exact draws from the table (its plug-in floor). */
  static Metric ofExactDraws(String name, String value, java.util.function.BiFunction<TokenHistogram, TokenTable,
      Double> compute) {
    return metric(name, EnumSet.of(Need.TOKEN_TABLE, Need.HELD_OUT), c -> MetricValue.of(value,
        compute.apply(histogram(c, "token_histogram_exact_draws", c.heldOutTokens()), c.table())));
  }

  private static TokenHistogram histogram(TokenContext c, String key, int[][] tokens) {
    return c.shared(key, () -> TokenHistogram.of(tokens, c.table().vocabulary(), c.table().length()));
  }

  private static Metric metric(String name, Set<Need> needs, Function<TokenContext, MetricValue> compute) {
    return Metric.of(name, needs, samples -> true, context -> {
      if (!(context instanceof TokenContext tokens)) {
        throw new IllegalStateException("metric '" + name + "' needs a discrete run's token context");
      }
      return List.of(compute.apply(tokens));
    });
  }
}
