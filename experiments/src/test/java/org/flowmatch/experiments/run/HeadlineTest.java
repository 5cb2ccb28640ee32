package org.flowmatch.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's closing lines, from hand-made results: the true density's NLL is NLL - KL. */
class HeadlineTest {

  @Test
  void everyHeadlineNumber() {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("samples", 1000);
    results.put("nfe", 86);
    results.put("sample_s", 0.3141);
    results.put("likelihood_nfe", 122);
    results.put("likelihood_s", 1.25);
    results.put("w2", 0.41234);
    results.put("nll_nats", 3.8361);
    results.put("nll_nats_se", 0.0412);
    results.put("kl_nats", 0.0351);
    results.put("kl_nats_se", 0.0049);
    results.put("train_steps", 1500);
    assertEquals(List.of(
        "headline (every number is in manifest.json):",
        "  held-out NLL   3.84 ± 0.0412 (s.e.) nats  (the true density's: 3.80; KL estimate 0.0351 ± 0.00490 (s.e.))",
        "  W2             0.412  (1000 samples against as many held-out points)",
        "  sampling       NFE 86, 0.314 s",
        "  likelihood     NFE 122, 1.25 s",
        "  training       41.2 s, 1500 steps"), Headline.lines(results, Map.of("train", 41.2)));
  }

  @Test
  void classConditionalRunsShowConsistencyAndFrechet() {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("class_consistency", 0.9987);
    results.put("classifier_accuracy", 0.97222);
    results.put("frechet", 20.2848);
    results.put("frechet_real", 3.38171);
    assertEquals(List.of(
        "headline (every number is in manifest.json):",
        "  consistency    0.999  (the classifier's own held-out accuracy: 0.972)",
        "  Frechet        20.3  (real training rows: 3.38)"), Headline.lines(results, Map.of()));
  }

  @Test
  void leavesOutWhatWasNotComputed() {
    assertEquals(List.of("headline (every number is in manifest.json):", "  sampling       NFE 8, 0.0100 s"),
        Headline.lines(Map.of("nfe", 8, "sample_s", 0.01), Map.of()));
  }
}
