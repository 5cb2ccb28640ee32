package org.example.fm;

import java.util.List;
import java.util.Set;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;

/** |E|x|^2 - E|y|^2| between the samples x and the held-out data y: a scale check, zero for matching laws. */
public final class SecondMomentGap implements Metric {
  public static final String NAME = "second_moment_gap";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Need> needs() {
    return Set.of(Need.SAMPLES, Need.HELD_OUT);
  }

  @Override
  public List<MetricValue> compute(EvaluationContext context) {
    return List.of(MetricValue.of(NAME, Math.abs(meanSquaredNorm(context.samples())
        - meanSquaredNorm(context.heldOut()))));
  }

  static double meanSquaredNorm(double[][] x) {
    double sum = 0;
    for (double[] row : x) {
      for (double v : row) {
        sum += v * v;
      }
    }
    return sum / x.length;
  }
}
