package org.flowmatch.experiments.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;

/**
 * Registers the built-in metrics by name. Each metric's name is also the name of its value; a metric with a
 * standard error reports it as {@code NAME_se}. The exact W2 and W1 are O(n^3) assignments: the default selection
 * includes them up to {@link #MAX_EXACT_POINTS} samples, and chosen explicitly they use the first that many.
 */
public final class MetricsModule extends AbstractModule {
  /** Exact transport and trajectory metrics use at most this many points. */
  public static final int MAX_EXACT_POINTS = 2000;

  @Override
  protected void configure() {
    MapBinder<String, Factory<Metric>> metrics = MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {},
        new TypeLiteral<Factory<Metric>>() {});
    Set<Need> twoSample = EnumSet.of(Need.SAMPLES, Need.HELD_OUT);
    register(metrics, "w2", "exact 2-Wasserstein distance of samples to held-out data (first "
        + MAX_EXACT_POINTS + " points; default up to that many samples)", twoSample, true,
        c -> MetricValue.of("w2", Wasserstein.w2(head(c.samples()), head(c.heldOut()))));
    register(metrics, "w1", "exact 1-Wasserstein distance of samples to held-out data (as w2)", twoSample, true,
        c -> MetricValue.of("w1", Wasserstein.w1(head(c.samples()), head(c.heldOut()))));
    metrics.addBinding("sliced_w2").toInstance(Factory.of(
        "sliced 2-Wasserstein distance of samples to held-out data (random directions)",
        List.of(Key.of("projections", 256, "random directions")), (p, ctx) -> {
          int projections = p.integer("projections", 256);
          if (projections <= 0) {
            throw p.invalid("projections", "must be positive");
          }
          return metric("sliced_w2", twoSample, false, c -> MetricValue.of("sliced_w2",
              SlicedWasserstein.w2(c.samples(), c.heldOut(), projections, c.rng("sliced"))));
        }));
    register(metrics, "mmd", "squared MMD of samples to held-out data, RBF kernels at median-scaled bandwidths"
        + " (first " + MAX_EXACT_POINTS + " points)", twoSample, false,
        c -> value("mmd", Mmd.squared(head(c.samples()), head(c.heldOut())).summed()));
    register(metrics, "energy", "energy distance of samples to held-out data (first " + MAX_EXACT_POINTS
        + " points)", twoSample, false, c -> value("energy", EnergyDistance.estimate(head(c.samples()),
        head(c.heldOut()))));
    Set<Need> paths = EnumSet.of(Need.TRAJECTORIES);
    register(metrics, "npe", "normalized path energy of the flow's trajectories (Tong et al.; 0 for straight paths"
        + " of the optimal coupling)", paths, false,
        c -> MetricValue.of("npe", Straightness.normalizedPathEnergy(head(c.trajectories()), c.times())));
    register(metrics, "straightness_deviation", "mean deviation of the trajectories from straight lines", paths,
        false, c -> MetricValue.of("straightness_deviation",
            Straightness.meanDeviation(head(c.trajectories()), c.times())));
    Set<Need> likelihoods = EnumSet.of(Need.LIKELIHOODS);
    register(metrics, "nll_nats", "negative log-likelihood of held-out points in nats (needs a source with a"
        + " density)", likelihoods, false,
        c -> value("nll_nats", LikelihoodMetrics.negativeLogLikelihood(c.logLikelihoods())));
    register(metrics, "bits_per_dim", "negative log-likelihood of held-out points in bits per dimension",
        likelihoods, false,
        c -> value("bits_per_dim", LikelihoodMetrics.bitsPerDimension(c.logLikelihoods(), c.dim())));
    register(metrics, "kl_nats", "E[log p_data - log p_model] over held-out points (needs data with a density)",
        EnumSet.of(Need.LIKELIHOODS, Need.DATA_DENSITY), false,
        c -> value("kl_nats", LikelihoodMetrics.klDivergence(c.dataLogDensities(), c.logLikelihoods())));
    register(metrics, "sample_error", "RMS distance of the samples to a tight solve from the same noise (the"
        + " solver's own error; default with eval.reference)", EnumSet.of(Need.SAMPLES, Need.REFERENCE), false,
        c -> MetricValue.of("sample_error", rmsDistance(c.samples(), c.referenceSamples())));
    register(metrics, "sample_error_median", "median distance of a sample to its tight solve: unlike the RMS, not"
        + " dominated by the few samples a coarse solver sends into another mode (default with eval.reference)",
        EnumSet.of(Need.SAMPLES, Need.REFERENCE), false,
        c -> MetricValue.of("sample_error_median", medianDistance(c.samples(), c.referenceSamples())));
    register(metrics, "likelihood_error", "mean |log p - log p_tight| of held-out points (default with"
        + " eval.reference)", EnumSet.of(Need.LIKELIHOODS, Need.REFERENCE), false,
        c -> MetricValue.of("likelihood_error", meanAbsoluteDifference(c.logLikelihoods(),
            c.referenceLogLikelihoods())));
  }

  private static void register(MapBinder<String, Factory<Metric>> binder, String name, String description,
      Set<Need> needs, boolean exact, Function<EvaluationContext, MetricValue> compute) {
    Metric m = metric(name, needs, exact, compute);
    binder.addBinding(name).toInstance(Factory.of(description, List.of(), (p, c) -> m));
  }

  /** A metric of one value; {@code exact} ones are left out of the defaults above {@link #MAX_EXACT_POINTS}. */
  static Metric metric(String name, Set<Need> needs, boolean exact,
      Function<EvaluationContext, MetricValue> compute) {
    return Metric.of(name, needs, samples -> !exact || samples <= MAX_EXACT_POINTS,
        context -> List.of(compute.apply(context)));
  }

  private static MetricValue value(String name, Estimate e) {
    return new MetricValue(name, e.value(), e.standardError());
  }

  private static <T> T[] head(T[] x) {
    return x.length <= MAX_EXACT_POINTS ? x : Arrays.copyOf(x, MAX_EXACT_POINTS);
  }

  static double rmsDistance(double[][] a, double[][] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        double diff = a[i][j] - b[i][j];
        sum += diff * diff;
      }
    }
    return Math.sqrt(sum / a.length);
  }

  static double medianDistance(double[][] a, double[][] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double sum = 0;
      for (int j = 0; j < a[i].length; j++) {
        sum += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
      }
      d[i] = Math.sqrt(sum);
    }
    Arrays.sort(d);
    int n = d.length;
    return n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
  }

  static double meanAbsoluteDifference(double[] a, double[] b) {
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff += Math.abs(a[i] - b[i]) / a.length;
    }
    return diff;
  }
}
