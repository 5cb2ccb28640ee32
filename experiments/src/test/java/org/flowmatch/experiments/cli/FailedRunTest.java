package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.files.OutputFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that fails after its config was accepted: it ends at once, its manifest says {@code failed} with the error,
 * and the one error line names the run directory; the same for both families.
 */
class FailedRunTest {
  /** An oracle whose sampling solver gives up after two steps: the run fails in its evaluation, after it began. */
  static final String FAILS_IN_EVALUATION = CliTest.ORACLE.replace("solver:\n  type: rk4\n  steps: 8\n",
      "solver: {type: dopri5, max_steps: 2, rtol: 1.0e-9}\n");

  @Test
  void aFailedTrainEndsAtOnceMarksItsManifestAndPrintsItsDirectory(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("fails.yaml"), FAILS_IN_EVALUATION);
    Path runs = dir.resolve("runs");
    // A process of its own: the shutdown hook that once waited 120 s for a latch runs only when a JVM exits.
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-D" + Parallelism.PROPERTY + "=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "train", config.toString(), "--runs", runs.toString());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.redirectOutput(dir.resolve("out.log").toFile()).redirectError(dir.resolve("err.log").toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly().waitFor();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String err = Files.readString(dir.resolve("err.log"));
    assertTrue(ended, "a failed run ends at once, not after the shutdown hook's wait (" + seconds + " s): " + err);
    assertEquals(1, p.exitValue(), err);
    Path run;
    try (var listing = Files.list(runs)) {
      run = listing.findFirst().orElseThrow();
    }
    String line = err.lines().filter(l -> l.startsWith("flowmatch: ")).findFirst().orElse("");
    assertEquals(1, err.lines().filter(l -> !l.startsWith("WARNING")).count(), err);
    assertTrue(line.contains("dopri5") && line.contains(run.toString()), line);
    assertFailed(run, "dopri5");
  }

  @Test
  void bothFamiliesMarkAFailureMidRunWithTheErrorAndNameTheDirectory(@TempDir Path dir) throws IOException {
    // A file where the plots directory goes: writing the plots fails after training and sampling.
    RunDirectory continuous = RunDirectory.create(dir, "continuous", LocalDateTime.now());
    Files.writeString(continuous.resolve("plots"), "in the way");
    Runner runner = new Runner(Experiment.build(ExperimentConfig.parse(CliTest.TINY_MLP, "tiny.yaml")), continuous,
        quiet(), StopSignal.never(), "test");
    runner.begin();
    Exception e = assertThrows(Exception.class, () -> runner.trainAndEvaluate(null));
    assertTrue(e.getMessage().contains("plots") && e.getMessage().contains(continuous.toString()), e.getMessage());
    assertFailed(continuous.path(), "plots");

    RunDirectory discrete = RunDirectory.create(dir, "discrete", LocalDateTime.now());
    Files.writeString(discrete.resolve("plots"), "in the way");
    DiscreteExperiment d = DiscreteExperiment.build(ExperimentConfig.parse(DiscreteCliTest.TINY, "tiny.yaml"));
    e = assertThrows(Exception.class, () -> DiscreteRunner.trainAndEvaluate(d, discrete, quiet(), "test"));
    assertTrue(e.getMessage().contains("plots") && e.getMessage().contains(discrete.toString()), e.getMessage());
    assertFailed(discrete.path(), "plots");
  }

  @Test
  void aFullDiskFailsTheRunNamingTheFileAndLeavesNoPartOfIt(@TempDir Path dir) throws IOException {
    RunDirectory continuous = RunDirectory.create(dir, "continuous", LocalDateTime.now(), fullAt("samples.csv"));
    Runner runner = new Runner(Experiment.build(ExperimentConfig.parse(CliTest.TINY_MLP, "tiny.yaml")), continuous,
        quiet(), StopSignal.never(), "test");
    runner.begin();
    Exception e = assertThrows(Exception.class, () -> runner.trainAndEvaluate(null));
    assertFullDisk(continuous, e);

    RunDirectory discrete = RunDirectory.create(dir, "discrete", LocalDateTime.now(), fullAt("samples.csv"));
    DiscreteExperiment d = DiscreteExperiment.build(ExperimentConfig.parse(DiscreteCliTest.TINY, "tiny.yaml"));
    e = assertThrows(Exception.class, () -> DiscreteRunner.trainAndEvaluate(d, discrete, quiet(), "test"));
    assertFullDisk(discrete, e);
  }

  private static void assertFullDisk(RunDirectory run, Exception e) throws IOException {
    Path samples = run.resolve("samples.csv");
    assertTrue(e.getMessage().contains(samples.toString()) && e.getMessage().contains("No space left on device")
        && e.getMessage().contains(run + " marked failed"), e.getMessage());
    assertFalse(Files.exists(samples), "no truncated samples.csv");
    assertFailed(run.path(), "samples.csv");
    try (var files = Files.walk(run.path())) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "no temporary file left");
    }
  }

  /** A disk that fills up 200 bytes into writing the file {@code name}. */
  static OutputFiles fullAt(String name) {
    return new OutputFiles(file -> {
      OutputStream out = Files.newOutputStream(file);
      if (!file.getFileName().toString().contains(name)) {
        return out;
      }
      return new FilterOutputStream(out) {
        private long written;

        @Override
        public void write(int b) throws IOException {
          if (++written > 200) {
            throw new IOException("No space left on device");
          }
          super.write(b);
        }
      };
    });
  }

  static void assertFailed(Path run, String errorMentions) throws IOException {
    Map<?, ?> manifest = (Map<?, ?>) Json.read(Files.readString(run.resolve("manifest.json")));
    assertEquals("failed", manifest.get("status"), manifest.toString());
    assertTrue(String.valueOf(manifest.get("error")).contains(errorMentions), manifest.toString());
    assertFalse(manifest.containsKey("sha256"), "a failed run vouches for no file");
  }

  static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
