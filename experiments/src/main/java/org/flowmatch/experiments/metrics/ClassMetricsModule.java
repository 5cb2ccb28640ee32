package org.flowmatch.experiments.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiFunction;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.LabelledSamples;
import org.flowmatch.core.eval.Metric;
import org.flowmatch.core.eval.MetricValue;
import org.flowmatch.core.eval.Need;

/**
 * Registers the metrics that judge samples of a class-conditional model with a classifier trained on the real
 * training rows ({@link ClassifierJudge}, trained once per evaluation and shared by the three):
 * {@code class_consistency} (overall, with its binomial standard error, per class, and the classifier's own held-out
 * accuracy beside it), {@code frechet} (squared Fréchet distance of penultimate-layer features to held-out rows,
 * like FID, with the distance of the real training rows as its floor) and {@code class_spread} (per-class spread of
 * the samples over that of held-out rows).
 */
public final class ClassMetricsModule extends AbstractModule {
  /** The key under which an evaluation shares its trained judge. */
  static final String JUDGE = "classifier_judge";

  @Override
  protected void configure() {
    MapBinder<String, Factory<Metric>> metrics = MapBinder.newMapBinder(binder(), new TypeLiteral<String>() {},
        new TypeLiteral<Factory<Metric>>() {});
    register(metrics, "class_consistency", "fraction of samples a classifier trained on the data assigns to the class"
        + " they were generated for (also per class, and the classifier's held-out accuracy)", (judge, l) -> {
          ClassConsistency c = judge.consistency(l.samples(), l.sampleLabels());
          int n = l.samples().length;
          List<MetricValue> values = new ArrayList<>();
          values.add(new MetricValue("class_consistency", c.overall(),
              Math.sqrt(c.overall() * (1 - c.overall()) / n)));
          double[] per = c.perClass();
          for (int k = 0; k < per.length; k++) {
            values.add(MetricValue.of("class_consistency_" + k, per[k]));
          }
          values.add(MetricValue.of("classifier_accuracy", judge.heldOutAccuracy()));
          return values;
        });
    register(metrics, "frechet", "squared Fréchet distance between Gaussians fitted to a classifier's penultimate"
        + " features of samples and of held-out rows (like FID; frechet_real: the training rows' own)",
        (judge, l) -> List.of(MetricValue.of("frechet", judge.frechet(l.samples())),
            MetricValue.of("frechet_real", judge.frechet(l.train()))));
    register(metrics, "class_spread", "per-class spread of the samples (RMS distance to the class mean) over that of"
        + " held-out rows, averaged over classes: 1 as varied as the data",
        (judge, l) -> List.of(MetricValue.of("class_spread", judge.spreadRatio(l.samples(), l.sampleLabels()))));
  }

  /** The judge of this evaluation, trained on first use from the context's classifier stream. */
  static ClassifierJudge judge(EvaluationContext c) {
    return c.shared(JUDGE, () -> {
      LabelledSamples l = c.labelled();
      return ClassifierJudge.train(l.train(), l.trainLabels(), l.heldOut(), l.heldOutLabels(), l.classes(),
          c.rng("classifier"));
    });
  }

  private static void register(MapBinder<String, Factory<Metric>> binder, String name, String description,
      BiFunction<ClassifierJudge, LabelledSamples, List<MetricValue>> compute) {
    Metric m = Metric.of(name, EnumSet.of(Need.LABELS), samples -> true,
        context -> compute.apply(judge(context), context.labelled()));
    binder.addBinding(name).toInstance(Factory.of(description, List.of(), (p, c) -> m));
  }
}
