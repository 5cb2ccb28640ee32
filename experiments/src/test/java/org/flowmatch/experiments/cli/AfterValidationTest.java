package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flowmatch.experiments.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input that was accepted and then went wrong, or was accepted without a word: each now gets one line naming the
 * key, file, row or value, a non-zero exit, and no run directory.
 */
class AfterValidationTest {
  /** 120 points of two classes in the plane (x > 0 is class 1), written without randomness. */
  static String labelled() {
    StringBuilder s = new StringBuilder("x,y,label\n");
    for (int i = 0; i < 120; i++) {
      double x = Math.sin(i * 1.7) * 2;
      double y = Math.cos(i * 2.3) * 2;
      s.append(x).append(',').append(y).append(',').append(x > 0 ? 1 : 0).append('\n');
    }
    return s.toString();
  }

  /** Points of the plane with a third column of condition values. */
  static String conditioned() {
    StringBuilder s = new StringBuilder("x,y,c\n");
    for (int i = 0; i < 60; i++) {
      s.append(Math.sin(i * 1.7)).append(',').append(Math.cos(i * 2.3)).append(',').append(i % 5).append('\n');
    }
    return s.toString();
  }

  /** n points of the sphere's surface (times {@code radius}). */
  static String sphere(int n, double radius) {
    StringBuilder s = new StringBuilder("x,y,z\n");
    for (int i = 0; i < n; i++) {
      double z = 1 - 2 * (i + 0.5) / n;
      double r = Math.sqrt(1 - z * z);
      double phi = i * 2.399963;
      s.append(radius * r * Math.cos(phi)).append(',').append(radius * r * Math.sin(phi)).append(',')
          .append(radius * z).append('\n');
    }
    return s.toString();
  }

  static final String SPHERE = """
      data: {type: csv, path: DATA, normalize: none}
      source: {type: sphere-gaussian}
      path: {type: geodesic, manifold: sphere}
      model: {type: tangent-mlp, width: 16, depth: 1}
      train: {steps: 20, batch_size: 64, log_every: 0}
      solver: {type: projected-midpoint, manifold: sphere, steps: 4}
      eval: {samples: 100}
      """;

  private static CliTest.Result refused(Path runs, String... args) {
    CliTest.Result r = CliTest.run(args);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    if (runs != null) {
      assertFalse(Files.exists(runs), "no run directory: " + r.err());
    }
    return r;
  }

  @Test
  void holdoutZeroMeasuresOnTrainingRowsAndTheHeadlineSaysSo(@TempDir Path dir) throws IOException {
    Path data = Files.writeString(dir.resolve("labelled.csv"), labelled());
    Path config = Files.writeString(dir.resolve("l.yaml"), CliTest.TINY_MLP.replace("data: {type: four-clusters}",
        "data: {type: csv, path: " + data + ", label_column: label, holdout: 0}").replace("eval: {",
        "eval: {metrics: [w2, class_spread], "));
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("  held out       none (data.holdout = 0): the held-out numbers below are measured"
        + " on training rows"), r.out());
    Map<?, ?> results = (Map<?, ?>) ((Map<?, ?>) Json.read(Files.readString(Path.of(r.lastLine())
        .resolve("manifest.json")))).get("results");
    assertTrue(results.containsKey("class_spread") && String.valueOf(results.get("held_out")).contains(
        "data.holdout = 0"), results.toString());
  }

  @Test
  void aDataErrorNamesItsConfigAndItsFileOrKeyOnce(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs");
    Path constant = Files.writeString(dir.resolve("const.csv"), "a,b\n1,5\n2,5\n3,5\n4,5\n");
    Path config = Files.writeString(dir.resolve("c.yaml"), CliTest.TINY_MLP.replace("data: {type: four-clusters}",
        "data: {type: csv, path: " + constant + ", holdout: 0}"));
    CliTest.Result r = refused(runs, "train", config.toString(), "--runs", runs.toString());
    assertEquals("flowmatch: " + config + ": " + constant + ": column 2 (b) holds 5 in every training row; a flow"
        + " cannot carry a density onto a constant: leave the column out with data.columns", r.err().strip());
    Path many = Files.writeString(dir.resolve("many.csv"), labelled());
    r = refused(runs, "train", config.toString(), "data.path=" + many, "data.holdout=0.999", "--runs",
        runs.toString());
    assertEquals("flowmatch: " + config + ": data.holdout = 0.999: leaves 0 of 120 rows for training; at least 2"
        + " are needed", r.err().strip());
  }

  @Test
  void dataOffTheManifoldIsRefusedBeforeTrainingNamingTheRowAndTheKey(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs");
    Path off = Files.writeString(dir.resolve("off.csv"), sphere(50, 3));
    Path on = Files.writeString(dir.resolve("on.csv"), sphere(50, 1));
    Path config = Files.writeString(dir.resolve("s.yaml"), SPHERE.replace("DATA", off.toString()));
    CliTest.Result r = refused(runs, "train", config.toString(), "--runs", runs.toString());
    assertTrue(r.err().contains(off + ":line 2: ") && r.err().contains("lies 2.00 off the sphere of path.manifold"),
        r.err());

    r = refused(runs, "train", config.toString(), "data.path=" + on, "data.normalize=standard", "--runs",
        runs.toString());
    assertTrue(r.err().contains("data.normalize = standard moves the rows of " + on + " off the sphere"), r.err());

    r = refused(runs, "train", config.toString(), "data.path=" + on, "source.type=gaussian", "--runs",
        runs.toString());
    assertTrue(r.err().contains("source.type = gaussian: its samples lie off the sphere"), r.err());
  }

  @Test
  void configTextThatWasAcceptedOrCrashedGetsOneLine(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs");
    Path deep = Files.writeString(dir.resolve("deep.yaml"), "data: " + "[".repeat(20_000) + "\n");
    CliTest.Result r = refused(runs, "train", deep.toString(), "--runs", runs.toString());
    assertTrue(r.err().contains(deep + ": nested too deeply"), r.err());

    Path config = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY_MLP);
    r = refused(runs, "train", config.toString(), "seed=", "--runs", runs.toString());
    assertTrue(r.err().contains("override 'seed=': no value after '='"), r.err());

    Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");
    r = refused(runs, "train", empty.toString(), "--runs", runs.toString());
    assertTrue(r.err().contains(empty + ": holds no settings"), r.err());

    r = refused(runs, "train", config.toString(), "family=quantum", "--runs", runs.toString());
    assertTrue(r.err().contains("family = quantum: must be continuous or discrete"), r.err());
  }

  @Test
  void keysThatWouldChangeNothingOrOverflowAreRefused(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs");
    Path tiny = Files.writeString(dir.resolve("tiny.yaml"), CliTest.TINY_MLP);
    CliTest.Result r = refused(runs, "train", tiny.toString(), "train.uncond_prob=0.2", "--runs", runs.toString());
    assertTrue(r.err().contains("train.uncond_prob = 0.2: drops the condition of a conditional model"), r.err());

    Path vectors = Files.writeString(dir.resolve("v.csv"), conditioned());
    r = refused(runs, "train", tiny.toString(), "data.type=csv", "data.path=" + vectors,
        "data.condition_columns=c",
        "sample.guidance=2", "--runs", runs.toString());
    assertTrue(r.err().contains("sample.guidance = 2: guides class-conditional models"), r.err());

    Path labelled = Files.writeString(dir.resolve("l.csv"), labelled());
    r = refused(runs, "train", tiny.toString(), "data.type=csv", "data.path=" + labelled,
        "data.label_column=label",
        "sample.guidance=1e300", "--runs", runs.toString());
    assertTrue(r.err().contains("sample.guidance = 1.0E300: must lie in [-1000, 1000]"), r.err());

    r = refused(runs, "train", tiny.toString(), "model.width=2e9", "--runs", runs.toString());
    assertTrue(r.err().contains("model.width = 2.0E9: the network would have"), r.err());
  }

  @Test
  void outputsAndCountsOnTheCommandLineAreChecked(@TempDir Path dir) throws IOException {
    Path tiny = Files.writeString(dir.resolve("tiny.yaml"), CliTest.ORACLE);
    Path file = Files.writeString(dir.resolve("pts.csv"), "1,2\n");
    CliTest.Result r = refused(null, "train", tiny.toString(), "--runs=" + file);
    assertTrue(r.err().contains("--runs " + file + ": not a directory"), r.err());
    r = refused(null, "train", tiny.toString(), "--runs", file.resolve("runs").toString());
    assertTrue(r.err().contains("--runs " + file.resolve("runs") + ": cannot create a run directory there"), r.err());

    r = CliTest.run("train", tiny.toString(), "--runs", dir.resolve("runs").toString());
    Path run = Path.of(r.lastLine());
    r = CliTest.run("train", tiny.toString(), "--runs", dir.resolve("runs").toString());
    Path other = Path.of(r.lastLine());
    r = refused(null, "sample", run.toString(), "--n", "2000000000", "--out", dir.resolve("s.csv").toString());
    assertTrue(r.err().contains("--n 2000000000: at most 10000000 samples per call"), r.err());

    Map<String, byte[]> before = ResumeAndReproduceTest.contents(run);
    Map<String, byte[]> otherBefore = ResumeAndReproduceTest.contents(other);
    r = refused(null, "sample", run.toString(), "--n", "10", "--out", run.resolve("samples.csv").toString(),
        "--force");
    assertTrue(r.err().contains(run.resolve("samples.csv") + ": inside the run directory " + run), r.err());
    r = refused(null, "evaluate", run.toString(), "--out", other.resolve("manifest.json").toString(), "--force");
    assertTrue(r.err().contains("inside the run directory " + other), r.err());
    ResumeAndReproduceTest.assertUnchanged(before, run);
    ResumeAndReproduceTest.assertUnchanged(otherBefore, other);
  }

  @Test
  void commandsThatADiscreteRunCannotDoSaySo(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("d.yaml"), DiscreteCliTest.TINY);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    Path run = Path.of(r.lastLine());
    Path points = Files.writeString(dir.resolve("p.csv"), "1,2\n");
    r = refused(null, "likelihood", run.toString(), "--points", points.toString(), "--out",
        dir.resolve("ll.csv").toString());
    assertTrue(r.err().contains(run + ": a family: discrete run; likelihood works on continuous runs"), r.err());
    r = refused(null, "animate", run.toString(), "--out", dir.resolve("a.gif").toString());
    assertTrue(r.err().contains(run + ": a family: discrete run; animate works on continuous runs"), r.err());
  }

  @Test
  void anUnreadableCellResultCountsAsMissingIsNamedAndIsRerun(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("oracle.yaml"), CliTest.ORACLE);
    Path grid = Files.writeString(dir.resolve("g.yaml"), "base: oracle.yaml\noverrides:\n  eval.metrics: [w2]\n"
        + "axes:\n  solver.steps: [4, 8]\n");
    Path study = dir.resolve("study");
    CliTest.Result r = CliTest.run("ablate", grid.toString(), "--out", study.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    Path empty;
    Path truncated;
    try (var cells = Files.list(study.resolve("cells"))) {
      java.util.List<Path> dirs = cells.sorted().toList();
      empty = dirs.get(0).resolve("result.json");
      truncated = dirs.get(1).resolve("result.json");
    }
    Files.writeString(empty, "");
    String whole = Files.readString(truncated);
    Files.writeString(truncated, whole.substring(0, whole.length() / 2));

    r = CliTest.run("ablate", grid.toString(), "--out", study.toString(), "--collect");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("collected 0 of 2 cells: 0 ok, 0 failed, 2 missing"), r.out());
    assertTrue(r.err().contains(empty + ": unreadable (empty); the cell counts as not run")
        && r.err().contains(truncated + ": unreadable ("), r.err());

    r = CliTest.run("ablate", grid.toString(), "--out", study.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("2 cells (0 already done)"), r.out());
    assertTrue(Json.read(Files.readString(empty)) instanceof Map<?, ?> m && "ok".equals(m.get("status")));
  }

  /** A command that runs out of stack, as a parser given thousands of nested brackets does. */
  @picocli.CommandLine.Command(name = "deep")
  static final class Deep implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
      throw new StackOverflowError();
    }
  }

  @Test
  void anErrorOfTheJvmIsOneLineToo() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      code = Main.execute(new Deep(), "flowmatch");
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(1, code, text);
    assertEquals("flowmatch: StackOverflowError (the JVM ran out of stack; --verbose shows where)", text.strip());
  }

  @Test
  void pointsWithAByteOrderMarkKeepTheirFirstRow(@TempDir Path dir) throws IOException {
    Path points = Files.writeString(dir.resolve("p.csv"), "\ufeff1,2\n3,4\n");
    assertEquals(2, org.flowmatch.experiments.run.Csv.readPoints(points, 2).rows());
  }

  @Test
  void aGridAxisThatRepeatsAValueIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("oracle.yaml"), CliTest.ORACLE);
    Path grid = Files.writeString(dir.resolve("g.yaml"), "base: oracle.yaml\naxes:\n  seed: [0, 0]\n");
    CliTest.Result r = refused(dir.resolve("study"), "ablate", grid.toString(), "--out",
        dir.resolve("study").toString());
    assertTrue(r.err().contains(grid + ": axis 'seed' lists 0 twice"), r.err());
  }
}
