package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume} never rewrites a finished run or its provenance; {@code reproduce} checks the disk too. */
class ResumeAndReproduceTest {

  @Test
  void aFinishedRunIsNotResumedAndNothingInItChanges(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY_MLP);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    Map<String, byte[]> before = contents(run);
    r = CliTest.run("train", "--resume", run.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(run + ": the run finished") && r.err().contains("--resume continues"), r.err());
    assertUnchanged(before, run);

    // Without its manifest, or with a truncated one, nothing tells how far the run got: refused, nothing written.
    String manifest = Files.readString(run.resolve("manifest.json"));
    Files.writeString(run.resolve("manifest.json"), manifest.substring(0, manifest.length() / 2));
    before = contents(run);
    r = CliTest.run("train", "--resume", run.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(run.resolve("manifest.json") + ": cannot be read"), r.err());
    assertUnchanged(before, run);
    Files.delete(run.resolve("manifest.json"));
    before = contents(run);
    r = CliTest.run("train", "--resume", run.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(run.resolve("manifest.json") + ": no such file"), r.err());
    assertUnchanged(before, run);

    Path discreteConfig = Files.writeString(dir.resolve("discrete.yaml"), DiscreteCliTest.TINY);
    r = CliTest.run("train", discreteConfig.toString(), "--runs", dir.resolve("runs").toString());
    Path discrete = Path.of(r.lastLine());
    before = contents(discrete);
    r = CliTest.run("train", "--resume", discrete.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(discrete + ": the run finished"), r.err());
    assertUnchanged(before, discrete);
  }

  @Test
  void aResumedRunKeepsItsCommandStartAndTrainingTime(@TempDir Path dir) throws IOException {
    ExperimentConfig config = ExperimentConfig.parse(CliTest.TINY_MLP, "tiny.yaml");
    RunDirectory cut = RunDirectory.create(dir, "cut", LocalDateTime.now());
    Runner interrupted = new Runner(Experiment.build(config), cut, FailedRunTest.quiet(), StopSignal.afterChecks(17),
        "train tiny.yaml");
    interrupted.begin();
    interrupted.trainAndEvaluate(null);
    Map<?, ?> first = manifest(cut.path());
    assertEquals("interrupted", first.get("status"));

    CliTest.Result r = CliTest.run("train", "--resume", cut.toString());
    assertEquals(0, r.code(), r.err());
    Map<?, ?> after = manifest(cut.path());
    assertEquals("finished", after.get("status"));
    assertEquals("train tiny.yaml", after.get("command"), "the command that made the run");
    assertEquals(first.get("started"), after.get("started"));
    List<?> resumed = (List<?>) after.get("resumed");
    assertEquals(1, resumed.size(), after.toString());
    assertEquals("train --resume " + cut, ((Map<?, ?>) resumed.get(0)).get("command"));
    assertEquals(17, ((Number) ((Map<?, ?>) resumed.get(0)).get("from_step")).intValue());
    double before = ((Number) ((Map<?, ?>) first.get("phases_s")).get("train")).doubleValue();
    double total = ((Number) ((Map<?, ?>) after.get("phases_s")).get("train")).doubleValue();
    assertTrue(total >= before, "the training time adds the resumed part to the recorded one: " + before + ", "
        + total);

    // The same for a discrete run.
    ExperimentConfig tiny = ExperimentConfig.parse(DiscreteCliTest.TINY, "tiny.yaml");
    RunDirectory discrete = RunDirectory.create(dir, "discrete", LocalDateTime.now());
    DiscreteRunner.trainAndEvaluate(DiscreteExperiment.build(tiny), discrete, FailedRunTest.quiet(),
        "train discrete.yaml", StopSignal.afterChecks(12));
    Map<?, ?> discreteFirst = manifest(discrete.path());
    r = CliTest.run("train", "--resume", discrete.toString());
    assertEquals(0, r.code(), r.err());
    Map<?, ?> discreteAfter = manifest(discrete.path());
    assertEquals("finished", discreteAfter.get("status"));
    assertEquals("train discrete.yaml", discreteAfter.get("command"));
    assertEquals(discreteFirst.get("started"), discreteAfter.get("started"));
    assertEquals(1, ((List<?>) discreteAfter.get("resumed")).size(), discreteAfter.toString());
  }

  @Test
  void aRunThatFailedAfterTrainingResumesByEvaluatingOnly(@TempDir Path dir) throws IOException {
    RunDirectory run = RunDirectory.create(dir, "failed", LocalDateTime.now());
    Files.writeString(run.resolve("plots"), "in the way");
    Runner runner = new Runner(Experiment.build(ExperimentConfig.parse(CliTest.TINY_MLP, "tiny.yaml")), run,
        FailedRunTest.quiet(), StopSignal.never(), "train tiny.yaml");
    runner.begin();
    org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> runner.trainAndEvaluate(null));
    byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.zip"));
    byte[] losses = Files.readAllBytes(run.resolve("loss.csv"));
    Files.delete(run.resolve("plots"));

    CliTest.Result r = CliTest.run("train", "--resume", run.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("training finished at step 30 of 30; evaluating"), r.out());
    assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve("checkpoint.zip")), "the checkpoint is kept");
    assertArrayEquals(losses, Files.readAllBytes(run.resolve("loss.csv")));
    Map<?, ?> after = manifest(run.path());
    assertEquals("finished", after.get("status"));
    assertEquals("failed", ((Map<?, ?>) ((List<?>) after.get("resumed")).get(0)).get("status_before"));
    assertTrue(!after.containsKey("error"), after.toString());
    assertTrue(Files.exists(run.resolve("plots/samples.png")));
  }

  @Test
  void reproduceReportsFilesThatDifferFromTheManifestOnDisk(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY_MLP);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    Path run = Path.of(r.lastLine());
    byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint.zip"));
    checkpoint[checkpoint.length / 2] ^= 1;
    Files.write(run.resolve("checkpoint.zip"), checkpoint);
    Files.writeString(run.resolve("samples.csv"), "dim0,dim1\n0,0\n");
    r = CliTest.run("reproduce", run.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("CHANGED ON DISK: checkpoint.zip: its sha256 is not the manifest's"), r.out());
    assertTrue(r.out().contains("CHANGED ON DISK: samples.csv: its sha256 is not the manifest's"), r.out());
    assertTrue(!r.out().contains("identical"), r.out());
  }

  private static Map<?, ?> manifest(Path run) throws IOException {
    return (Map<?, ?>) Json.read(Files.readString(run.resolve("manifest.json")));
  }

  /** Every file of a run and its bytes. */
  static Map<String, byte[]> contents(Path run) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(run)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(run.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return files;
  }

  static void assertUnchanged(Map<String, byte[]> before, Path run) throws IOException {
    Map<String, byte[]> after = contents(run);
    assertEquals(before.keySet(), after.keySet(), "no file added or removed");
    for (String f : before.keySet()) {
      assertArrayEquals(before.get(f), after.get(f), f + " unchanged");
    }
  }
}
