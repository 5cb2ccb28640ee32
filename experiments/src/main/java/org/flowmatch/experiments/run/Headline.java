package org.flowmatch.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.experiments.report.Interval;

/**
 * The few numbers a run ends with on the console (all of them are in manifest.json): held-out NLL against the true
 * density's where the data has one, with the KL estimate; W2 of the samples; class consistency and the Fréchet
 * distance of class-conditional runs; the sampling and likelihood solves'
 * NFE and times; training time. A number the run did not compute (a metric left out of {@code eval.metrics}) is
 * left out.
 */
public final class Headline {
  private Headline() {}

  /**
   * The lines, from a run's results (metric values and counts) and phase times in seconds.
   *
   * @param results the manifest's {@code results}: {@code nll_nats}, {@code kl_nats}, {@code w2}, {@code nfe}, ...
   * @param phases the manifest's {@code phases_s}: {@code train}, {@code evaluate}, ...
   */
  public static List<String> lines(Map<String, Object> results, Map<String, Object> phases) {
    List<String> lines = new ArrayList<>();
    lines.add("headline (every number is in manifest.json):");
    if (results.get("held_out") instanceof String heldOut) {
      lines.add("  held out       " + heldOut);
    }
    Double nll = number(results, "nll_nats");
    if (nll != null) {
      Double kl = number(results, "kl_nats");
      StringBuilder l = new StringBuilder("  held-out NLL   " + withSe(results, "nll_nats") + " nats");
      if (kl != null) {
        // KL = E[log p_data - log p_model] = NLL_model - NLL_data, so the data's own NLL is their difference.
        l.append("  (the true density's: ").append(Interval.sig3(nll - kl)).append("; KL estimate ")
            .append(withSe(results, "kl_nats")).append(')');
      }
      lines.add(l.toString());
    }
    if (number(results, "w2") != null) {
      lines.add("  W2             " + Interval.sig3(number(results, "w2")) + "  (" + count(results, "samples")
          + " samples against as many held-out points)");
    }
    // Class-conditional runs: how often the classifier agrees with the requested class, and the feature distance.
    if (number(results, "class_consistency") != null) {
      Double accuracy = number(results, "classifier_accuracy");
      lines.add("  consistency    " + Interval.sig3(number(results, "class_consistency"))
          + (accuracy == null ? "" : "  (the classifier's own held-out accuracy: " + Interval.sig3(accuracy) + ")"));
    }
    if (number(results, "frechet") != null) {
      Double real = number(results, "frechet_real");
      lines.add("  Frechet        " + Interval.sig3(number(results, "frechet"))
          + (real == null ? "" : "  (real training rows: " + Interval.sig3(real) + ")"));
    }
    if (number(results, "nfe") != null) {
      lines.add(String.format(Locale.ROOT, "  sampling       NFE %s, %s s", count(results, "nfe"),
          Interval.sig3(number(results, "sample_s"))));
    }
    if (number(results, "likelihood_nfe") != null) {
      lines.add(String.format(Locale.ROOT, "  likelihood     NFE %s, %s s", count(results, "likelihood_nfe"),
          Interval.sig3(number(results, "likelihood_s"))));
    }
    if (number(phases, "train") != null) {
      lines.add(String.format(Locale.ROOT, "  training       %s s, %s steps", Interval.sig3(number(phases, "train")),
          count(results, "train_steps")));
    }
    return lines;
  }

  private static String withSe(Map<String, Object> results, String key) {
    Double se = number(results, key + "_se");
    return Interval.sig3(number(results, key)) + (se == null ? "" : " ± " + Interval.sig3(se) + " (s.e.)");
  }

  private static String count(Map<String, Object> m, String key) {
    Double v = number(m, key);
    return v == null ? "?" : v == Math.rint(v) ? String.valueOf(v.longValue()) : Interval.sig3(v);
  }

  private static Double number(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : null;
  }
}
