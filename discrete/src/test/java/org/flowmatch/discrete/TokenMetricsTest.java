package org.flowmatch.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Memo;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;
import org.junit.jupiter.api.Test;

/** The discrete metrics, registered by name, against values computed by hand on a 2 x 2 table. */
class TokenMetricsTest {
  // p(0,0) = 1/4, p(0,1) = 1/4, p(1,0) = 0, p(1,1) = 1/2.
  static final TokenTable TABLE = TokenTable.grid(new double[][] {{1, 1}, {0, 2}});
  // Histogram: (0,0) 1/2, (1,1) 1/4, (1,0) 1/4 (off the support).
  static final int[][] SAMPLES = {{0, 0}, {0, 0}, {1, 1}, {1, 0}};
  // Exact draws: (0,1) and (1,1), each 1/2.
  static final int[][] DRAWS = {{0, 1}, {1, 1}};

  @Test
  void registeredMetricsMatchHandComputedValues() {
    Map<String, Factory<Metric>> metrics = DiscreteModuleTest.map(DiscreteModuleTest.injector(),
        new TypeLiteral<Map<String, Factory<Metric>>>() {});
    TokenContext c = new Fixed();
    assertEquals(Double.POSITIVE_INFINITY, value(metrics, "token_kl", "kl_nats", c));
    assertEquals(2.0 / 3 * Math.log(8.0 / 3) + 1.0 / 3 * Math.log(2.0 / 3),
        value(metrics, "kl_support_nats", "kl_support_nats", c), 1e-15);
    assertEquals(0.25, value(metrics, "off_support", "off_support", c), 0);
    assertEquals(0.5, value(metrics, "tv", "tv", c), 1e-15);
    assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(1.0),
        value(metrics, "kl_support_exact_draws_nats", "kl_support_exact_draws_nats", c), 1e-15);
    for (String name : List.of("token_kl", "kl_support_nats", "off_support", "tv",
        "kl_support_exact_draws_nats")) {
      assertTrue(create(metrics, name).needs().contains(Need.TOKEN_TABLE), name);
    }
  }

  @Test
  void aContinuousContextIsRefused() {
    Metric tv = TokenMetrics.ofSamples("tv", "tv", TokenHistogram::tv);
    // Any context that is not a TokenContext (a continuous run's); its methods are never called.
    EvaluationContext continuous = (EvaluationContext) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {EvaluationContext.class}, (proxy, method, args) -> null);
    assertThrows(IllegalStateException.class, () -> tv.compute(continuous));
  }

  private static double value(Map<String, Factory<Metric>> metrics, String name, String valueName,
      TokenContext c) {
    Metric m = create(metrics, name);
    assertEquals(name, m.name());
    List<MetricValue> values = m.compute(c);
    assertEquals(1, values.size());
    assertEquals(valueName, values.get(0).name());
    return values.get(0).value();
  }

  private static Metric create(Map<String, Factory<Metric>> metrics, String name) {
    return metrics.get(name).create(new DiscreteModuleTest.MapParameters("eval." + name, Map.of()),
        Context.of(Rng.seeded(0)));
  }

  /** A context of fixed tokens; only what token metrics read. */
  private static final class Fixed implements TokenContext {
    private final Memo shared = new Memo();

    @Override
    public int[][] tokens() {
      return SAMPLES;
    }

    @Override
    public int[][] heldOutTokens() {
      return DRAWS;
    }

    @Override
    public TokenTable table() {
      return TABLE;
    }

    @Override
    public int dim() {
      return 2;
    }

    @Override
    public boolean available(Need need) {
      return need == Need.TOKEN_TABLE;
    }

    @Override
    public Rng rng(String stream) {
      return Rng.seeded(0);
    }

    @Override
    public <T> T shared(String key, Supplier<T> compute) {
      return shared.get(key, compute);
    }
  }
}
