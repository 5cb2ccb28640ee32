package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, one-line errors, files written and never overwritten. */
class CliTest {
  static final String ORACLE = """
      data:
        type: gaussian-mixture
        weights: [1, 2]
        means: [[-2.0, 0.0], [2.0, 1.0]]
        stds: [0.4, 0.6]
      model:
        type: gmm-oracle
      solver:
        type: rk4
        steps: 8
      likelihood:
        points: 40
        solver: {type: dopri5, rtol: 1.0e-8, atol: 1.0e-8}
      eval: {samples: 300, trajectories: 30, frames: 6, resolution: 16}
      """;
  static final String TINY_MLP = """
      seed: 5
      data: {type: four-clusters}
      model: {width: 16, depth: 1}
      train: {steps: 30, batch_size: 64, checkpoint_every: 10, log_every: 0}
      solver: {type: rk4, steps: 4}
      likelihood: {points: 20, solver: {type: rk4, steps: 4}}
      eval: {samples: 100, trajectories: 10, frames: 4, resolution: 8}
      """;

  record Result(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void badInputExitsNonZeroWithOneLine(@TempDir Path dir) throws IOException {
    Result r = run("train", dir.resolve("missing.yaml").toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("flowmatch: ") && r.err().contains("missing.yaml: no such config file"), r.err());
    assertFalse(Files.exists(dir.resolve("runs")), "no run directory for a bad config");

    Path config = write(dir, "typo.yaml", ORACLE + "solvr:\n  steps: 3\n");
    r = run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown key 'solvr.steps'"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose");
    r = run("train", config.toString(), "--runs", dir.resolve("runs").toString(), "--verbose");
    assertTrue(r.err().contains("\tat "), "a stack trace with --verbose");

    Path broken = write(dir, "broken.yaml", "data:\n  type: [moons\n");
    r = run("train", broken.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("broken.yaml:"), r.err());
  }

  @Test
  void trainSampleAndLikelihoodOnAnOracle(@TempDir Path dir) throws IOException {
    Path config = write(dir, "oracle.yaml", ORACLE);
    Result r = run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    for (String f : List.of("config.yaml", "manifest.json", "samples.csv", "likelihood.csv", "plots/samples.png",
        "plots/log-density.png", "plots/trajectories.png")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }

    Path samples = dir.resolve("s.csv");
    r = run("sample", run.toString(), "--n", "25", "--out", samples.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(samples);
    assertEquals("dim0,dim1", lines.get(0));
    assertEquals(26, lines.size());
    r = run("sample", run.toString(), "--n", "25", "--out", samples.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("exists"), r.err());

    Path points = write(dir, "points.csv", "a,b\n0.5,0.25\n-2,0\n2,1\n");
    Path out = dir.resolve("ll.csv");
    r = run("likelihood", run.toString(), "--points", points.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> ll = Files.readAllLines(out);
    assertEquals("dim0,dim1,log_likelihood,nfe,true_log_density", ll.get(0));
    for (String line : ll.subList(1, ll.size())) {
      String[] f = line.split(",");
      assertEquals(Double.parseDouble(f[4]), Double.parseDouble(f[2]), 1e-5, "the oracle's likelihood is exact");
    }

    Path bad = write(dir, "bad.csv", "1,2\n3,4\n5\n");
    r = run("likelihood", config.toString(), "--points", bad.toString(), "--out", dir.resolve("o2.csv").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.csv:3: expected 2 comma-separated numbers"), r.err());
    Path nan = write(dir, "nan.csv", "1,2\n3,x\n");
    r = run("likelihood", config.toString(), "--points", nan.toString(), "--out", dir.resolve("o3.csv").toString());
    assertTrue(r.err().contains("nan.csv:2: field 2 is not a number: 'x'"), r.err());
  }

  @Test
  void runDirectoriesAreNeverReused(@TempDir Path dir) throws IOException {
    LocalDateTime now = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
    Path a = RunDirectory.create(dir, "x", now).path();
    Path b = RunDirectory.create(dir, "x", now).path();
    assertFalse(a.equals(b));
    assertTrue(b.getFileName().toString().endsWith("-2"), b.toString());
  }

  @Test
  void aTrainedRunReproducesByteForByteAndATamperedOneDoesNot(@TempDir Path dir) throws IOException {
    Path config = write(dir, "tiny.yaml", TINY_MLP);
    Result r = run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    assertTrue(Files.exists(run.resolve("checkpoint.zip")) && Files.exists(run.resolve("loss.csv")));
    r = run("reproduce", run.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("identical: checkpoint.zip, samples.csv"), r.out());

    List<String> lines = Files.readAllLines(run.resolve("samples.csv"));
    lines.set(3, "0,0");
    Files.write(run.resolve("samples.csv"), lines);
    String manifest = Files.readString(run.resolve("manifest.json"));
    String wrongHash = manifest.replaceAll("(\"samples.csv\": \")[0-9a-f]+", "$1" + "0".repeat(64));
    Files.writeString(run.resolve("manifest.json"), wrongHash);
    r = run("reproduce", run.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("NOT REPRODUCED: samples.csv differs: 1 of 101 lines differ, the first at line 4"),
        r.out());
  }

  @Test
  void anInterruptedTrainingResumesToTheSameCheckpoint(@TempDir Path dir) throws IOException {
    ExperimentConfig config = ExperimentConfig.parse(TINY_MLP, "tiny.yaml");
    RunDirectory whole = RunDirectory.create(dir, "whole", LocalDateTime.now());
    Runner full = new Runner(Experiment.build(config), whole, System.out, StopSignal.never(), "test");
    full.begin();
    full.trainAndEvaluate(null);

    RunDirectory cut = RunDirectory.create(dir, "cut", LocalDateTime.now());
    Runner interrupted = new Runner(Experiment.build(config), cut, System.out, StopSignal.afterChecks(17), "test");
    interrupted.begin();
    interrupted.trainAndEvaluate(null);
    assertTrue(Files.readString(cut.resolve("manifest.json")).contains("\"status\": \"interrupted\""));
    assertFalse(Files.exists(cut.resolve("samples.csv")), "an interrupted run stops after its checkpoint");

    Result r = run("train", "--resume", cut.toString());
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(Files.readAllBytes(whole.resolve("checkpoint.zip")), Files.readAllBytes(cut.resolve(
        "checkpoint.zip")), "resumed and uninterrupted checkpoints are the same bytes");
    assertArrayEquals(Files.readAllBytes(whole.resolve("samples.csv")), Files.readAllBytes(cut.resolve(
        "samples.csv")));
  }

  @Test
  void ablateExitsTwoOnAnInvalidCellAndOneWhenACellFails(@TempDir Path dir) throws IOException {
    write(dir, "oracle.yaml", ORACLE);
    Path bad = write(dir, "bad.yaml", "base: oracle.yaml\naxes:\n  solver.steps: [4, -1]\n");
    Result r = run("ablate", bad.toString(), "--out", dir.resolve("bad-study").toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("axis 'solver.steps' value '-1'") && r.err().contains("solver.steps = -1"), r.err());
    assertFalse(Files.exists(dir.resolve("bad-study")), "nothing written for an invalid grid");

    Path failing = write(dir, "failing.yaml", "base: oracle.yaml\noverrides:\n  eval.metrics: [w2]\naxes:\n"
        + "  solver:\n    - {solver.type: rk4, solver.steps: 4}\n"
        + "    - {solver.type: dopri5, solver.steps: null, solver.max_steps: 2, solver.rtol: 1.0e-9}\n");
    Path out = dir.resolve("failing-study");
    r = run("ablate", failing.toString(), "--out", out.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.lastLine().startsWith("1 of 2 cells failed: their errors are in " + out.resolve("cells")), r.out());
    assertTrue(Files.readString(out.resolve("results.csv")).contains(",ok,"), "the other cell finished");
  }

  @Test
  void listShowsEveryKind() {
    Result r = run("list", "--keys");
    assertEquals(0, r.code());
    for (String s : List.of("paths:", "condot", "solvers:", "dopri5", "models:", "gmm-oracle", "datasets:", "moons",
        "couplings:", "ot", "divergence estimators:", "hutchinson", "rtol", "metrics:", "sliced_w2", "projections",
        "nll_nats")) {
      assertTrue(r.out().contains(s), s);
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : List.of("demo", "train", "sample", "likelihood", "animate", "reproduce", "list", "bench")) {
      Result r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().startsWith("Usage: flowmatch " + c), c + ": " + r.out());
    }
  }
}
