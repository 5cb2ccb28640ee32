package org.flowmatch.experiments.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.run.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid runner: one training per training configuration, resumable, failures recorded per cell. */
class StudyTest {
  private static final String BASE = """
      seed: 0
      data: {type: four-clusters}
      model: {width: 16, depth: 1}
      train: {steps: 40, batch_size: 64, log_every: 0, checkpoint_every: 20}
      solver: {type: rk4, steps: 4}
      likelihood: {points: 30, solver: {type: rk4, steps: 4}}
      eval: {samples: 120, trajectories: 20, frames: 5}
      """;

  private static Path grid(Path dir, String axes) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), BASE);
    return Files.writeString(dir.resolve("grid.yaml"), "base: base.yaml\noverrides:\n  eval.samples: 100\n" + axes);
  }

  private static String run(Grid grid, Path out, int workers) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Study(grid, out, workers, new PrintStream(bytes, true, StandardCharsets.UTF_8), StopSignal.never()).run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cellsAreTheProductOfTheAxesWithLabelsAndGroupValues(@TempDir Path dir) throws IOException {
    Grid grid = Grid.load(grid(dir, """
        axes:
          solver:
            - {label: "euler 4", solver.type: euler, solver.steps: 4}
            - {label: dopri5, solver.type: dopri5, solver.steps: null}
          seed: [0, 1, 2]
        """));
    List<Grid.Cell> cells = grid.cells();
    assertEquals(6, cells.size());
    assertEquals("euler 4", cells.get(0).labels().get("solver"));
    assertEquals("2", cells.get(2).labels().get("seed"));
    assertEquals(List.of("eval.samples=100", "solver.type=dopri5", "solver.steps=null", "seed=1"),
        cells.get(4).overrides());
    assertEquals(6, cells.stream().map(Grid.Cell::id).distinct().count(), "ids are distinct");
    assertEquals(cells.get(4).id(), Grid.load(dir.resolve("grid.yaml")).cells().get(4).id(), "ids are stable");
  }

  @Test
  void samplingOnlyVariationsShareOneTrainingAndFailuresAreRecorded(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(grid(dir, """
        axes:
          solver:
            - {label: "rk4 4", solver.type: rk4, solver.steps: 4}
            - {label: "euler 8", solver.type: euler, solver.steps: 8}
            - {label: capped, solver.type: dopri5, solver.steps: null, solver.max_steps: 2, solver.rtol: 1.0e-9}
          seed: [0, 1]
        """));
    Path out = dir.resolve("study");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Study.Outcome outcome = new Study(grid, out, 2, new PrintStream(bytes, true, StandardCharsets.UTF_8),
        StopSignal.never()).run();
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(new Study.Outcome(out, 6, 2, 0), outcome);
    assertFalse(outcome.complete());
    assertTrue(log.contains("6 cells (0 already done), 2 training configurations"), log);
    try (Stream<Path> models = Files.list(out.resolve("models"))) {
      assertEquals(2, models.count(), "one model per seed, shared by its solvers");
    }
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals(7, csv.size());
    String header = csv.get(0);
    assertTrue(header.startsWith("cell,model,solver,seed,status,") && header.contains("w2") && header.contains("npe")
        && header.contains("nll_nats") && header.endsWith(",error"), header);
    long failed = csv.stream().filter(l -> l.contains(",failed,")).count();
    assertEquals(2, failed, "the capped cells fail, the others finish");
    assertTrue(csv.stream().filter(l -> l.contains(",failed,")).allMatch(l -> l.contains("max_steps")),
        csv.toString());
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| rk4 4 |") && md.contains(" ± ") && md.contains("(2 failed)"), md);
    assertTrue(Files.exists(out.resolve("plots/w2-vs-nfe.png")));
    assertTrue(Files.exists(out.resolve("manifest.json")));

    assertTrue(log.contains("model ") && log.contains(": training 40 steps"), log);
    assertTrue(log.lines().filter(l -> l.startsWith("cell ")).allMatch(l -> l.matches("cell [0-9a-f]{16} \\(model "
        + "([0-9a-f]{16}|invalid-[0-9a-f]{16}); solver=.*, seed=[01]\\): (ok|failed: .*); cells \\d/6 done.*")), log);
    assertTrue(csv.get(1).matches("[0-9a-f]{16},[0-9a-f]{16},rk4 4,0,ok,.*"), csv.get(1));
    try (Stream<Path> models = Files.list(out.resolve("models"))) {
      for (Path m : models.toList()) {
        for (String f : List.of("checkpoint.zip", "config.yaml", "loss.csv", "loss.png", "samples.png")) {
          assertTrue(Files.exists(m.resolve(f)), m + "/" + f);
        }
        assertEquals(41, Files.readAllLines(m.resolve("loss.csv")).size(), "a loss per step");
      }
    }
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("/samples.png") && html.contains("/loss.png"), "the model cards show both");

    String again = run(grid, out, 1);
    assertTrue(again.contains("6 cells (4 already done, 2 failed before: retrying them), 2 training configurations"),
        again);
    String kept = runKeepingFailures(grid, out);
    assertTrue(kept.contains("6 cells (6 already done, of which 2 failed: kept (--retry-failed false))"), kept);
  }

  /** Runs a study with --retry-failed false, returning its output. */
  private static String runKeepingFailures(Grid grid, Path out) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Study(grid, out, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8), StopSignal.never())
        .retryFailed(false).run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anInvalidCellStopsTheStudyBeforeAnythingIsWrittenNamingAxisValueAndKey(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(grid(dir, """
        axes:
          solver:
            - {label: "rk4 4", solver.type: rk4, solver.steps: 4}
            - {label: broken, solver.type: euler, solver.steps: -3}
          seed: [0, 1]
        """));
    Path out = dir.resolve("study");
    ConfigException e = assertThrows(ConfigException.class, () -> run(grid, out, 1));
    assertTrue(e.getMessage().contains("axis 'solver' value 'broken'") && e.getMessage().contains("solver.steps")
        && !e.getMessage().contains("seed") && !e.getMessage().contains("\n"), e.getMessage());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void theShippedGridsAreValid() {
    for (String name : List.of("solvers", "two-d-benchmark")) {
      Grid grid = Grid.load(Path.of("studies", name + ".yaml"));
      new Study(grid, Path.of("unused"), 1, System.out, StopSignal.never()).validate();
      assertEquals(name.equals("solvers") ? 90 : 60, grid.cells().size(), name);
    }
  }

  @Test
  void aStudyResumesAfterAnInterruption(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(grid(dir, """
        axes:
          seed: [0, 1, 2]
        """));
    Path out = dir.resolve("study");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Study(grid, out, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8), StopSignal.afterChecks(50)).run();
    long finished;
    try (Stream<Path> cells = Files.list(out.resolve("cells"))) {
      finished = cells.filter(c -> Files.exists(c.resolve("result.json"))).count();
    }
    assertTrue(finished < 3, "the stop left cells unfinished: " + finished);
    assertTrue(Files.readString(out.resolve("results.csv")).contains(",pending,"));
    String log = run(grid, out, 1);
    assertTrue(log.contains("3 cells (" + finished + " already done)"), log);
    assertEquals(4, Files.readAllLines(out.resolve("results.csv")).size());
    assertTrue(Files.readAllLines(out.resolve("results.csv")).stream().skip(1).allMatch(l -> l.contains(",ok,")));
  }

  @Test
  void chosenMetricsAreExactlyTheMetricColumns(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(grid(dir, "  eval.metrics: [sliced_w2, mmd]\n  model.type: gmm-oracle\naxes:\n  seed: [0, 1]\n"));
    Path out = dir.resolve("study");
    run(grid, out, 1);
    List<String> csv = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("cell,model,seed,status,sample_s,samples,nfe,row_evaluations,sliced_w2,mmd,mmd_se,cell_time_s,error",
        csv.get(0));
    String md = Files.readString(out.resolve("results.md"));
    assertTrue(md.contains("| sliced_w2 | mmd | nfe | sample_s | n |"),
        md);
  }
}
