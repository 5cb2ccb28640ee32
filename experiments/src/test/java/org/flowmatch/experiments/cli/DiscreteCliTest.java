package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code family: discrete} through the command line: train, sample, evaluate, ablate, list and bad input. */
class DiscreteCliTest {
  static final String TINY = """
      family: discrete
      name: tiny-discrete
      seed: 3
      data: {type: checkerboard-tokens, grid: 8, cells: 2}
      source: {type: mask}
      path: {type: polynomial, exponent: 2}
      model: {type: posterior-mlp, width: 16, depth: 2}
      train: {steps: 30, batch_size: 64, lr: 0.01}
      solver: {type: discrete-euler, steps: 8}
      eval: {samples: 500}
      """;

  @Test
  void trainSampleEvaluateAndReproduce(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("tiny.yaml"), TINY);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    for (String file : List.of("config.yaml", "manifest.json", "weights.bin", "loss.csv", "samples.csv",
        "metrics.json", "plots/histograms.png", "plots/loss.png")) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }
    assertTrue(Files.readString(run.resolve("config.yaml")).contains("family: discrete"));
    List<String> samples = Files.readAllLines(run.resolve("samples.csv"));
    assertEquals("token0,token1", samples.get(0));
    assertEquals(501, samples.size());

    // The same config and seed give the same bytes.
    CliTest.Result again = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    Path run2 = Path.of(again.lastLine());
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(run.resolve("weights.bin")),
        Files.readAllBytes(run2.resolve("weights.bin"))));
    assertEquals(Files.readString(run.resolve("samples.csv")), Files.readString(run2.resolve("samples.csv")));

    Path out = dir.resolve("s.csv");
    r = CliTest.run("sample", run.toString(), "--n", "100", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(101, Files.readAllLines(out).size());
    for (String line : Files.readAllLines(out).subList(1, 101)) {
      for (String token : line.split(",")) {
        assertTrue(Integer.parseInt(token) < 8, "no mask left: " + line);
      }
    }

    r = CliTest.run("evaluate", run.toString(), "solver.steps=16");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("kl_support_nats") && r.out().contains("nfe                          16"), r.out());
  }

  @Test
  void anInterruptedTrainingResumesToTheSameBytes(@TempDir Path dir) throws IOException {
    ExperimentConfig config = ExperimentConfig.parse(TINY, "tiny.yaml");
    RunDirectory whole = RunDirectory.create(dir, "whole", LocalDateTime.now());
    DiscreteRunner.trainAndEvaluate(DiscreteExperiment.build(config), whole, System.out, "test");

    RunDirectory cut = RunDirectory.create(dir, "cut", LocalDateTime.now());
    DiscreteRunner.trainAndEvaluate(DiscreteExperiment.build(config), cut, System.out, "test",
        StopSignal.afterChecks(11));
    assertTrue(Files.readString(cut.resolve("manifest.json")).contains("\"status\": \"interrupted\""));
    assertTrue(Files.exists(cut.resolve(DiscreteRunner.CHECKPOINT)));
    assertFalse(Files.exists(cut.resolve("weights.bin")), "an interrupted run stops after its checkpoint");

    CliTest.Result r = CliTest.run("train", "--resume", cut.toString());
    assertEquals(0, r.code(), r.err());
    for (String file : List.of("weights.bin", "loss.csv", "samples.csv")) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(cut.resolve(file)), file);
    }
    assertTrue(Files.readString(cut.resolve("manifest.json")).contains("\"status\": \"finished\""));
    assertFalse(Files.exists(cut.resolve(DiscreteRunner.CHECKPOINT)), "a finished run has no checkpoint");

    r = CliTest.run("train", "--resume", cut.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(cut + ": the run finished"), r.err());
  }

  @Test
  void theExactModelNeedsNoTraining(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("exact.yaml"), TINY.replace("type: posterior-mlp, width: 16,"
        + " depth: 2", "type: exact"));
    Path out = dir.resolve("s.csv");
    CliTest.Result r = CliTest.run("sample", config.toString(), "--n", "50", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    r = CliTest.run("sample", dir.resolve("tiny.yaml").toString(), "--n", "5", "--out", dir.resolve("t.csv")
        .toString());
    assertEquals(2, r.code());
  }

  @Test
  void badInputIsOneLine(@TempDir Path dir) throws IOException {
    Path typo = Files.writeString(dir.resolve("typo.yaml"), TINY + "solver2: {steps: 3}\n");
    CliTest.Result r = CliTest.run("train", typo.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("unknown key 'solver2.steps' for family: discrete"), r.err());
    assertFalse(Files.exists(dir.resolve("runs")));

    Path concave = Files.writeString(dir.resolve("bad.yaml"), TINY.replace("exponent: 2", "exponent: -1"));
    r = CliTest.run("train", concave.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("path.exponent = -1: kappa = t^-1.0 is not a convex scheduler"), r.err());
  }

  @Test
  void evalMetricsChoosesTheRegisteredMetrics(@TempDir Path dir) throws IOException {
    String exact = TINY.replace("type: posterior-mlp, width: 16, depth: 2", "type: exact");
    Path all = Files.writeString(dir.resolve("all.yaml"), exact);
    CliTest.Result r = CliTest.run("evaluate", all.toString(), "--out", dir.resolve("all.json").toString());
    assertEquals(0, r.code(), r.err());
    String every = Files.readString(dir.resolve("all.json"));
    for (String key : List.of("kl_nats", "kl_support_nats", "off_support", "\"tv\"",
        "kl_support_exact_draws_nats")) {
      assertTrue(every.contains(key), key + " by default: " + every);
    }

    Path two = Files.writeString(dir.resolve("two.yaml"), exact.replace("eval: {samples: 500}",
        "eval: {samples: 500, metrics: [tv, off_support, sliced_w2]}"));
    r = CliTest.run("evaluate", two.toString(), "--out", dir.resolve("two.json").toString());
    assertEquals(0, r.code(), r.err());
    String chosen = Files.readString(dir.resolve("two.json"));
    assertTrue(chosen.contains("\"tv\"") && chosen.contains("off_support") && chosen.contains("sliced_w2"), chosen);
    assertFalse(chosen.contains("kl_"), chosen);
    // The same samples (the same seed and streams), so the chosen values are the default run's values.
    assertEquals(value(every, "tv"), value(chosen, "tv"));

    Path unknown = Files.writeString(dir.resolve("unknown.yaml"), exact.replace("eval: {samples: 500}",
        "eval: {samples: 500, metrics: [tv, no_such_metric]}"));
    r = CliTest.run("evaluate", unknown.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("eval.metrics") && r.err().contains("no metric 'no_such_metric'"), r.err());

    Path continuousOnly = Files.writeString(dir.resolve("nll.yaml"), exact.replace("eval: {samples: 500}",
        "eval: {samples: 500, metrics: [nll_nats]}"));
    r = CliTest.run("evaluate", continuousOnly.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("'nll_nats' needs log-likelihoods"), r.err());
  }

  private static String value(String json, String key) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*([^,}\\s]+)")
        .matcher(json);
    assertTrue(m.find(), key + " in " + json);
    return m.group(1);
  }

  @Test
  void listShowsTheDiscreteKinds() {
    CliTest.Result r = CliTest.run("list");
    assertEquals(0, r.code(), r.err());
    for (String name : List.of("checkerboard-tokens", "posterior-mlp", "discrete-euler", "generalized-kl",
        "token sources (family: discrete)", "token_kl", "off_support")) {
      assertTrue(r.out().contains(name), name);
    }
  }

  @Test
  void ablateRunsTheGridAndSharesTraining(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("tiny.yaml"), TINY);
    Path grid = Files.writeString(dir.resolve("grid.yaml"), """
        base: tiny.yaml
        overrides:
          train.steps: 10
          eval.samples: 200
        axes:
          path.exponent: [1, 2]
          solver.steps: [2, 4]
        """);
    CliTest.Result r = CliTest.run("ablate", grid.toString(), "--out", dir.resolve("study").toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(dir.resolve("study/results.csv"));
    assertEquals(5, rows.size(), String.join("\n", rows));
    assertTrue(rows.stream().skip(1).allMatch(l -> l.contains(",ok,")), String.join("\n", rows));
    try (var models = Files.list(dir.resolve("study/models"))) {
      assertEquals(2, models.count(), "one training per exponent");
    }
  }
}
