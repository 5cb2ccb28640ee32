package org.flowmatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.ablation.Study;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Spark task without Spark: what it ships, what it writes, and that a second attempt changes nothing. */
class GroupTaskTest {

  @Test
  void aTaskThatRunsTwiceWritesTheSameBytes(@TempDir Path dir) throws Exception {
    Grid grid = Grid.load(TestGrid.write(dir, 60));
    Path study = dir.resolve("study");
    Study.Group group = new Study(grid, study, 1, quiet(), StopSignal.never()).groups().get(0);
    GroupTask task = roundTrip(new GroupTask(GridSpec.of(grid), group.key(),
        group.cells().stream().map(Grid.Cell::index).toList(), study, group.cost()));

    assertTrue(task.run().startsWith("group " + group.key() + ": 2 cells"));
    Map<Path, String> first = files(study);
    assertEquals(2, first.keySet().stream().filter(p -> p.endsWith("result.json")).count());
    assertTrue(first.containsKey(Path.of("models", group.key(), "checkpoint.zip")), first.keySet().toString());
    task.run();
    assertEquals(first, files(study), "the second attempt found its cells finished and wrote nothing");

    // An attempt that died before writing its last cell: the next writes it again, with the same values.
    Path last = study.resolve("cells").resolve(group.cells().get(1).id()).resolve("result.json");
    Map<String, Object> before = values(last);
    Files.delete(last);
    task.run();
    assertEquals(before, values(last));
    assertEquals(List.of(), org.flowmatch.experiments.ablation.StudyFiles.leftovers(study));
  }

  @Test
  void badMasterUrlsFailWithOneLine(@TempDir Path dir) throws Exception {
    Path grid = TestGrid.write(dir, 60);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int unknown;
    int unreachable;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      unknown = SparkMain.execute("ablate", grid.toString(), "--master", "mesos://host:5050", "--out",
          dir.resolve("s").toString());
      int port;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        port = s.getLocalPort();
      }
      unreachable = SparkMain.execute("ablate", grid.toString(), "--master", "spark://127.0.0.1:" + port);
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, unknown);
    assertEquals(2, unreachable);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(2, lines.size(), lines.toString());
    assertEquals("flowmatch-spark: --master 'mesos://host:5050' is not a Spark master URL: give local[N], "
        + "spark://HOST:PORT, yarn or k8s://HOST:PORT", lines.get(0));
    assertTrue(lines.get(1).matches("flowmatch-spark: --master 'spark://127\\.0\\.0\\.1:\\d+': no Spark master "
        + "answers at 127\\.0\\.0\\.1:\\d+ \\(Connection refused\\)"), lines.get(1));
    assertTrue(!Files.exists(dir.resolve("s")), "nothing written");
  }

  /** What Spark does to a task: Java serialization to the executor. */
  private static GroupTask roundTrip(GroupTask task) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(task);
    }
    try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (GroupTask) in.readObject();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(Path result) throws IOException {
    Map<String, Object> v = new TreeMap<>((Map<String, Object>) Json.read(Files.readString(result)));
    v.keySet().removeIf(k -> k.endsWith("_s")); // wall times
    return v;
  }

  private static Map<Path, String> files(Path dir) throws IOException {
    Map<Path, String> found = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        found.put(dir.relativize(p), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private static PrintStream quiet() {
    return new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  }
}
