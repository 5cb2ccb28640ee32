package org.flowmatch.experiments.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowmatch.experiments.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * docs/library.md: every example in this package is shown there verbatim (imports included), so the page's code
 * compiles with the test sources; and each example runs and gives what the page says.
 */
class LibraryDocTest {
  private static final Path HERE = Path.of("src/test/java/org/flowmatch/experiments/library");
  private static final Path DOC = Path.of("../docs/library.md");

  @Test
  void everyExampleIsOnThePageVerbatim() throws IOException {
    String doc = Files.readString(DOC);
    List<Path> examples;
    try (Stream<Path> files = Files.list(HERE)) {
      examples = files.filter(f -> f.getFileName().toString().endsWith("Example.java")).sorted().toList();
    }
    assertEquals(4, examples.size(), examples.toString());
    for (Path example : examples) {
      String code = Files.readString(example);
      String shown = code.substring(code.indexOf('\n', code.indexOf("package ")) + 1).strip();
      assertTrue(doc.contains("```java\n" + shown + "\n```"), example.getFileName() + " is not in " + DOC
          + " verbatim (between ```java fences, without its package line)");
    }
  }

  @Test
  void byConstructorMatchesTheExactDensity() {
    double error = ByConstructorExample.run();
    assertTrue(error < 1e-4, "max |log p error| " + error);
  }

  @Test
  void byNameBuildsTheNamedComponents() {
    assertEquals("condot rk4 (8 steps)", ByNameExample.run().replaceAll("\\s+", " ").replaceAll("\\s*$", ""));
  }

  @Test
  void trainingFromJavaGivesSamples() {
    INDArray samples = TrainExample.run(20);
    assertEquals(100, samples.rows());
    assertEquals(2, samples.columns());
    assertTrue(Double.isFinite(samples.sumNumber().doubleValue()));
  }

  @Test
  void loadedRunSamplesLikeTheCommandLine(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("tiny.yaml"), """
        seed: 5
        data: {type: moons}
        model: {width: 16, depth: 1}
        train: {steps: 30, batch_size: 64, checkpoint_every: 10, log_every: 0}
        solver: {type: rk4, steps: 4}
        likelihood: {points: 20, solver: {type: rk4, steps: 4}}
        eval: {samples: 100, trajectories: 10, frames: 4, resolution: 8}
        """);
    String[] out = cli("train", config.toString(), "--runs", dir.resolve("runs").toString());
    Path run = Path.of(out[out.length - 1]);
    Path csv = dir.resolve("s.csv");
    cli("sample", run.toString(), "--n", "40", "--seed", "11", "--out", csv.toString());
    List<String> lines = Files.readAllLines(csv);

    INDArray[] result = LoadRunExample.run(run, 40, 11);
    INDArray samples = result[0];
    assertEquals(41, lines.size());
    for (int i = 0; i < 40; i++) {
      String[] cells = lines.get(i + 1).split(",");
      for (int j = 0; j < 2; j++) {
        assertEquals(Double.parseDouble(cells[j]), samples.getDouble(i, j), 0.0, "row " + i + " col " + j);
      }
    }
    assertTrue(Double.isFinite(result[1].sumNumber().doubleValue()));
  }

  /** Runs the command line in this JVM and returns its output lines; fails unless it exits 0. */
  private static String[] cli(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      code = Main.execute(args);
    } finally {
      System.setOut(out);
    }
    String text = o.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    return text.strip().split("\n");
  }
}
