package org.flowmatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flowmatch.experiments.ablation.Collect;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.ablation.Study;
import org.flowmatch.experiments.ablation.StudyFiles;
import org.flowmatch.experiments.run.StopSignal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integration test: the same small grid through the local runner, Spark local[2], and a real Spark standalone
 * cluster on 127.0.0.1 (a master and two workers, each its own JVM) with one worker killed mid-run. Every way gives
 * the local runner's results.csv (all but the wall-time columns), every cell exactly once.
 */
class SparkClusterTest {
  @TempDir
  static Path shared;
  private static Path grid;
  private static List<String> expected;

  @BeforeAll
  static void localRun() throws Exception {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.ui.enabled", "false");
    grid = TestGrid.write(shared, 400);
    Path local = shared.resolve("local");
    new Study(Grid.load(grid), local, 2, new PrintStream(PrintStream.nullOutputStream(), true,
        StandardCharsets.UTF_8), StopSignal.never()).run();
    expected = Collect.deterministicRows(local.resolve("results.csv"));
    assertEquals(9, expected.size());
    assertTrue(expected.stream().skip(1).allMatch(r -> r.contains(",ok,")), expected.toString());
  }

  @Test
  void localModeGivesTheLocalRunnersResults(@TempDir Path dir) throws Exception {
    Path study = dir.resolve("study");
    assertEquals(0, SparkMain.execute("ablate", grid.toString(), "--master", "local[2]", "--out", study.toString()));
    checkStudy(study);
  }

  @Test
  void aStandaloneClusterLosingAWorkerStillGivesTheLocalRunnersResults(@TempDir Path dir) throws Exception {
    Path study = dir.resolve("study");
    try (LocalCluster cluster = new LocalCluster(dir, 2, 1)) {
      cluster.configureDriver();
      try {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> SparkMain.execute("ablate",
            grid.toString(), "--master", cluster.url(), "--out", study.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (finished(study) == 0 && System.nanoTime() < deadline && !run.isDone()) {
          Thread.sleep(100);
        }
        long before = finished(study);
        assertTrue(before > 0 && before < 8, "killed mid-run, after " + before + " of 8 cells\n" + cluster.logs());
        assertEquals(1, cluster.kill(0), "worker 0 was running an executor\n" + cluster.logs());
        int code = run.get(300, TimeUnit.SECONDS);
        assertEquals(0, code, cluster.logs());
      } finally {
        Stream.of("spark.executor.extraClassPath", "spark.executor.memory", "spark.executor.cores",
            "spark.cores.max", "spark.scheduler.minRegisteredResourcesRatio",
            "spark.scheduler.maxRegisteredResourcesWaitingTime").forEach(System::clearProperty);
      }
    }
    checkStudy(study);
  }

  /** The local runner's values, every cell once, one model per training group, no half-written file. */
  private static void checkStudy(Path study) throws Exception {
    assertEquals(expected, Collect.deterministicRows(study.resolve("results.csv")));
    assertEquals(8, finished(study));
    try (Stream<Path> models = Files.list(study.resolve("models"))) {
      assertEquals(4, models.filter(m -> Files.exists(m.resolve("checkpoint.zip"))).count());
    }
    assertEquals(List.of(), StudyFiles.leftovers(study));
  }

  private static long finished(Path study) throws java.io.IOException {
    Path cells = study.resolve("cells");
    if (!Files.isDirectory(cells)) {
      return 0;
    }
    try (Stream<Path> all = Files.list(cells)) {
      return all.filter(c -> Files.exists(c.resolve("result.json"))).count();
    }
  }
}
