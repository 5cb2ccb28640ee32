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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flowmatch.experiments.cli.Main;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.models.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards of a grid: whole training groups, balanced, and together the same results as one local run. */
class ShardsTest {
  private static final String BASE = """
      seed: 0
      data: {type: four-clusters}
      model: {width: 16, depth: 1}
      train: {steps: 40, batch_size: 64, log_every: 0, checkpoint_every: 20}
      solver: {type: rk4, steps: 4}
      likelihood: {points: 30, solver: {type: rk4, steps: 4}}
      eval: {samples: 100, trajectories: 20, frames: 5}
      """;

  private static Path grid(Path dir) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), BASE);
    return Files.writeString(dir.resolve("grid.yaml"), """
        base: base.yaml
        axes:
          solver:
            - {label: "rk4 4", solver.type: rk4, solver.steps: 4}
            - {label: "euler 8", solver.type: euler, solver.steps: 8}
          seed: [0, 1, 2]
        """);
  }

  private static Study.Group group(String key, double cost) {
    return new Study.Group(key, List.of(), cost);
  }

  @Test
  void longestGroupsFirstEachToTheLeastLoadedShard() {
    List<Study.Group> groups = List.of(group("a", 5), group("b", 4), group("c", 3), group("d", 3), group("e", 3));
    // By hand: a(5) -> 1; b(4) -> 2; c(3) -> 2 (4 < 5), now 5 | 7; d(3) -> 1, 8 | 7; e(3) -> 2, 8 | 10.
    List<List<Study.Group>> shards = Shards.assign(groups, 2);
    assertEquals(List.of("a", "d"), shards.get(0).stream().map(Study.Group::key).toList());
    assertEquals(List.of("b", "c", "e"), shards.get(1).stream().map(Study.Group::key).toList());
    assertEquals(List.of(List.of(), List.of()), Shards.assign(List.of(), 2).stream()
        .map(s -> s.stream().map(Study.Group::key).toList()).toList());
    List<List<Study.Group>> three = Shards.assign(groups, 3);
    assertEquals(List.of("a"), three.get(0).stream().map(Study.Group::key).toList());
    assertEquals(List.of("b", "e"), three.get(1).stream().map(Study.Group::key).toList());
    assertEquals(List.of("c", "d"), three.get(2).stream().map(Study.Group::key).toList());
  }

  @Test
  void shardArgumentsAreCheckedWithOneLine() {
    assertEquals(new Shards.Shard(2, 4), Shards.Shard.parse("2/4"));
    assertEquals("2-of-4", Shards.Shard.parse(" 2 / 4 ").name());
    assertEquals("--shard 3/2: the shard index must be between 1 and 2",
        assertThrows(IllegalArgumentException.class, () -> Shards.Shard.parse("3/2")).getMessage());
    assertEquals("--shard 0/2: the shard index must be between 1 and 2",
        assertThrows(IllegalArgumentException.class, () -> Shards.Shard.parse("0/2")).getMessage());
    assertEquals("--shard 1/0: the shard count must be at least 1",
        assertThrows(IllegalArgumentException.class, () -> Shards.Shard.parse("1/0")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Shards.Shard.parse("two"))
        .getMessage().startsWith("--shard 'two' must be I/N"));
  }

  @Test
  void trainingGroupsStayTogetherAndTheAssignmentIgnoresProgress(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(grid(dir));
    Study study = new Study(grid, dir.resolve("study"), 1, quiet(), StopSignal.never());
    List<Study.Group> groups = study.groups();
    assertEquals(3, groups.size(), "one training per seed, shared by both solvers");
    assertTrue(groups.stream().allMatch(g -> g.cells().size() == 2 && g.cost() > 0));
    // 3 x 40 x 64 training rows + 2 cells x (100 samples x 50 + 30 points x 50 x 3): 7680 + 19000.
    assertEquals(3.0 * 40 * 64 + 2 * (100 * 50 + 30 * 50 * 3), groups.get(0).cost(), 1e-9);
    // An OT coupling adds batch^2 / 20 rows a step for its assignment: 40 x 64 x 64 / 20 = 8192 more.
    Files.writeString(dir.resolve("grid.yaml"), Files.readString(dir.resolve("grid.yaml"))
        .replace("axes:", "overrides:\n  train.coupling: ot\naxes:"));
    List<Study.Group> ot = new Study(Grid.load(dir.resolve("grid.yaml")), dir.resolve("ot"), 1, quiet(),
        StopSignal.never()).groups();
    assertEquals(3.0 * 40 * 64 + 40 * 64 * 64 / 20.0 + 2 * (100 * 50 + 30 * 50 * 3), ot.get(0).cost(), 1e-9);
  }

  @Test
  void shardsInSeparateProcessesThenCollectGiveTheLocalResults(@TempDir Path dir) throws Exception {
    Path gridFile = grid(dir);
    Grid grid = Grid.load(gridFile);
    Path local = dir.resolve("local");
    new Study(grid, local, 1, quiet(), StopSignal.never()).run();

    Path sharded = dir.resolve("sharded");
    List<Process> processes = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-D" + Parallelism.PROPERTY + "=" + Parallelism.shared().threads(),
          "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "ablate", gridFile.toString(), "--out", sharded.toString(), "--shard", i + "/2");
      pb.environment().put("OMP_NUM_THREADS", "1");
      pb.redirectErrorStream(true).redirectOutput(dir.resolve("shard-" + i + ".log").toFile());
      processes.add(pb.start());
    }
    for (int i = 0; i < 2; i++) {
      assertTrue(processes.get(i).waitFor(300, TimeUnit.SECONDS), "shard " + (i + 1) + " finished in time");
      assertEquals(0, processes.get(i).exitValue(), Files.readString(dir.resolve("shard-" + (i + 1) + ".log")));
    }
    String log1 = Files.readString(dir.resolve("shard-1.log"));
    assertTrue(log1.contains("shard 1/2: 2 of 3 training groups, 4 cells"), log1);
    assertFalse(Files.exists(sharded.resolve("results.csv")), "shards write no table");
    assertTrue(Files.exists(sharded.resolve("shards/1-of-2.json")) && Files.exists(sharded.resolve("shards/2-of-2.json")));
    assertEquals(List.of(), StudyFiles.leftovers(sharded));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Study.Collected c = new Study(grid, sharded, 1, quiet(), StopSignal.never()).collect();
    assertEquals(0, Collect.report(c, sharded, new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("collected 6 of 6 cells: 6 ok, 0 failed, 0 missing"));
    List<String> expected = Collect.deterministicRows(local.resolve("results.csv"));
    assertEquals(7, expected.size());
    assertTrue(expected.get(0).contains(",w2,") && !expected.get(0).contains("train_s"), expected.get(0));
    assertEquals(expected, Collect.deterministicRows(sharded.resolve("results.csv")));
    assertEquals(Files.readString(local.resolve("results.md")).lines().filter(l -> !l.contains("±")).toList(),
        Files.readString(sharded.resolve("results.md")).lines().filter(l -> !l.contains("±")).toList());
  }

  @Test
  void collectNamesTheMissingCellsAndRefusesAnEmptyStudy(@TempDir Path dir) throws Exception {
    Path gridFile = grid(dir);
    Path study = dir.resolve("study");
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedErr = System.err;
    int empty;
    int partial;
    int shard;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      empty = Main.execute("ablate", gridFile.toString(), "--out", study.toString(), "--collect");
      shard = Main.execute("ablate", gridFile.toString(), "--out", study.toString(), "--shard", "3/2");
      assertEquals(0, Main.execute("ablate", gridFile.toString(), "--out", study.toString(), "--shard", "2/2"));
      partial = Main.execute("ablate", gridFile.toString(), "--out", study.toString(), "--collect");
    } finally {
      System.setOut(saved);
      System.setErr(savedErr);
    }
    List<String> errors = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, empty);
    assertEquals(2, shard);
    assertEquals(List.of("flowmatch: --collect: no finished cell of " + gridFile + " in " + study
        + " (run its shards first)", "flowmatch: --shard 3/2: the shard index must be between 1 and 2"), errors);
    assertEquals(1, partial, "cells are missing");
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("collected 2 of 6 cells: 2 ok, 0 failed, 4 missing"), log);
    try (Stream<Path> cells = Files.list(study.resolve("cells"))) {
      List<String> done = cells.map(p -> p.getFileName().toString()).toList();
      String missingLine = log.lines().filter(l -> l.startsWith("missing cells")).findFirst().orElseThrow();
      assertEquals(4, missingLine.split(": ")[1].split(" ").length);
      assertTrue(done.stream().noneMatch(missingLine::contains), "the finished cells are not called missing");
    }
    assertEquals(4, Files.readAllLines(study.resolve("results.csv")).stream().filter(l -> l.contains(",pending,"))
        .count());
  }

  private static PrintStream quiet() {
    return new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }
}
