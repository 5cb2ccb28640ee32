package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.experiments.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-conditional sampling and likelihoods from the command line: --class K and all, guidance as an override,
 * conditional log-likelihoods against the labelled oracle's exact class densities, samples of a file dataset in
 * the file's units, and the one-line errors.
 */
class ConditionalCliTest {
  static final String LABELLED_ORACLE = """
      data:
        type: labelled-mixture
        weights: [0.2, 0.3, 0.5]
        means: [[-3.0, 0.0], [2.0, 2.0], [1.0, -2.5]]
        stds: [0.4, 0.6, 0.3]
        labels: [0, 0, 1]
      model:
        type: gmm-oracle
      solver:
        type: rk4
        steps: 20
      likelihood:
        solver: {type: dopri5, rtol: 1.0e-9, atol: 1.0e-9}
      """;

  private static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static void assertOneLineError(Result r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void sampleOneClassOrEveryClassWithGuidance(@TempDir Path dir) throws IOException {
    Path config = write(dir, "labelled.yaml", LABELLED_ORACLE);
    Path one = dir.resolve("one.csv");
    Result r = CliTest.run("sample", config.toString(), "--class", "1", "--n", "200", "--out", one.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(one);
    assertEquals("dim0,dim1", lines.get(0));
    assertEquals(201, lines.size());
    double meanX = 0;
    double meanY = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      meanX += Double.parseDouble(f[0]) / 200;
      meanY += Double.parseDouble(f[1]) / 200;
    }
    assertEquals(1.0, meanX, 0.1, "class 1 is the single component at (1, -2.5)");
    assertEquals(-2.5, meanY, 0.1);

    Path all = dir.resolve("all.csv");
    r = CliTest.run("sample", config.toString(), "--class", "all", "--n", "10", "--out", all.toString(),
        "sample.guidance=2");
    assertEquals(0, r.code(), r.err());
    lines = Files.readAllLines(all);
    assertEquals("dim0,dim1,label", lines.get(0));
    assertEquals(21, lines.size());
    assertTrue(lines.get(1).endsWith(",0") && lines.get(20).endsWith(",1"), lines.toString());

    Path bad = dir.resolve("bad.csv");
    assertOneLineError(CliTest.run("sample", config.toString(), "--class", "2", "--n", "5", "--out",
        bad.toString()), "--class 2: out of range, the model has classes 0..1");
    assertOneLineError(CliTest.run("sample", config.toString(), "--class", "x", "--n", "5", "--out",
        bad.toString()), "--class x: must be a class number 0..1 or all");
    assertFalse(Files.exists(bad), "nothing written");

    Path plain = write(dir, "plain.yaml", CliTest.ORACLE);
    assertOneLineError(CliTest.run("sample", plain.toString(), "--n", "5", "--out", bad.toString(),
        "sample.guidance=2"), "sample.guidance = 2");
    assertOneLineError(CliTest.run("sample", plain.toString(), "--class", "0", "--n", "5", "--out",
        bad.toString()), "--class 0: the model of this run is not class-conditional");
    assertFalse(Files.exists(bad), "nothing written");
  }

  @Test
  void conditionalLogLikelihoodsFromALabelColumn(@TempDir Path dir) throws IOException {
    Path config = write(dir, "labelled.yaml", LABELLED_ORACLE);
    Path points = write(dir, "points.csv", "x,class,y\n-3,0,0.2\n2,0,2\n1,1,-2.5\n1.5,0,1\n");
    Path out = dir.resolve("ll.csv");
    Result r = CliTest.run("likelihood", config.toString(), "--points", points.toString(), "--label-column",
        "class", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals("dim0,dim1,label,log_likelihood,nfe,true_log_density", lines.get(0));
    assertEquals(5, lines.size());
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals(Double.parseDouble(f[5]), Double.parseDouble(f[3]), 1e-6, "log p(x | c) is exact: " + line);
    }
    // Class 1 is the component at (1, -2.5) alone: log N(0; 0, 0.3^2 I) = -log(2 pi 0.09).
    assertEquals(-Math.log(2 * Math.PI * 0.09), Double.parseDouble(lines.get(3).split(",")[5]), 1e-12);

    Path badLabel = write(dir, "bad.csv", "1,2,0\n1,2,5\n");
    assertOneLineError(CliTest.run("likelihood", config.toString(), "--points", badLabel.toString(),
        "--label-column", "2", "--out", dir.resolve("o.csv").toString()),
        "bad.csv: point 2: label 5 is not a class of the model (0..1)");
    assertFalse(Files.exists(dir.resolve("o.csv")));
  }

  /** A class-conditional MLP trained on a CSV far from the origin: samples come back in the file's units. */
  @Test
  void aCsvRunTrainsConditionallyAndSamplesInFileUnits(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("a,b,digit\n");
    org.flowmatch.core.Rng rng = org.flowmatch.core.Rng.seeded(3);
    for (int i = 0; i < 300; i++) {
      int c = i % 2;
      csv.append(1000 + 10 * c + rng.nextGaussian()).append(',').append(-50 + rng.nextGaussian()).append(',')
          .append(c).append('\n');
    }
    Path data = write(dir, "points.csv", csv.toString());
    Path config = write(dir, "csv.yaml", """
        seed: 2
        data: {type: csv, path: %s, label_column: digit}
        model: {width: 32, depth: 2}
        train: {steps: 300, batch_size: 128, lr: 0.003, checkpoint_every: 300, log_every: 0}
        solver: {type: rk4, steps: 10}
        likelihood: {points: 20, solver: {type: rk4, steps: 4}}
        eval: {samples: 100, trajectories: 10, frames: 4, resolution: 8}
        """.formatted(data.toString().replace("\\", "/")));
    Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());
    String resolved = Files.readString(run.resolve("config.yaml"));
    assertTrue(resolved.contains("normalize: standard") && resolved.contains("holdout: 0.1"), resolved);

    for (int c = 0; c < 2; c++) {
      Path out = dir.resolve("class" + c + ".csv");
      r = CliTest.run("sample", run.toString(), "--class", Integer.toString(c), "--n", "200", "--out",
          out.toString());
      assertEquals(0, r.code(), r.err());
      double mean = 0;
      List<String> lines = Files.readAllLines(out);
      for (String line : lines.subList(1, lines.size())) {
        mean += Double.parseDouble(line.split(",")[0]) / 200;
      }
      System.out.printf("class %d: mean of x %.2f (data: %d)%n", c, mean, 1000 + 10 * c);
      assertEquals(1000 + 10 * c, mean, 4, "class " + c + " in the file's units (the classes are 10 apart)");
    }
    List<String> samples = Files.readAllLines(run.resolve("samples.csv"));
    assertTrue(Double.parseDouble(samples.get(1).split(",")[0]) > 900, "samples.csv in file units: "
        + samples.get(1));
  }
}
