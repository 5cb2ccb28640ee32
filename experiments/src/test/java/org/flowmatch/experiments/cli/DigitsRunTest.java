package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.flowmatch.experiments.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class-conditional run on the built-in digits, end to end at a tiny budget: samples of every class in turn with
 * a label column in file units, the class metrics in the manifest beside the classifier's accuracy, image grids
 * instead of scatter plots.
 */
class DigitsRunTest {
  private static final String TINY_DIGITS = """
      name: digits-tiny
      seed: 3
      data: {type: digits}
      model: {width: 32, depth: 1}
      train: {steps: 30, batch_size: 64, log_every: 0}
      solver: {type: euler, steps: 4}
      sample: {guidance: 1}
      likelihood: {points: 20, solver: {type: euler, steps: 2}}
      eval: {samples: 60, frames: 4, metrics: [class_consistency, frechet, class_spread]}
      """;

  @Test
  void aDigitsRunWritesLabelledSamplesClassMetricsAndImageGrids(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("digits.yaml"), TINY_DIGITS);
    CliTest.Result r = CliTest.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(0, r.code(), r.err());
    Path run = Path.of(r.lastLine());

    List<String> lines = Files.readAllLines(run.resolve("samples.csv"));
    assertEquals(61, lines.size());
    assertTrue(lines.get(0).endsWith(",dim63,label"), lines.get(0));
    double sum = 0;
    for (int i = 1; i <= 60; i++) {
      String[] f = lines.get(i).split(",");
      assertEquals((i - 1) % 10, (int) Double.parseDouble(f[64]), "sample " + (i - 1) + " is of class i mod 10");
      for (int j = 0; j < 64; j++) {
        sum += Double.parseDouble(f[j]);
      }
    }
    // File units: grey levels 0..16 with a mean near 4.9 (the data's), not the normalized [-1, 1].
    double mean = sum / (60 * 64);
    assertTrue(mean > 1 && mean < 10, "mean grey level " + mean);

    @SuppressWarnings("unchecked")
    Map<String, Object> results = (Map<String, Object>) ((Map<String, Object>) Json.read(
        Files.readString(run.resolve("manifest.json")))).get("results");
    for (String key : List.of("class_consistency", "class_consistency_9", "classifier_accuracy", "frechet",
        "frechet_real", "class_spread")) {
      assertTrue(results.containsKey(key), key + " in " + results.keySet());
    }
    assertTrue(((Number) results.get("classifier_accuracy")).doubleValue() >= 0.9, results.toString());

    BufferedImage grid = ImageIO.read(run.resolve("plots/samples.png").toFile());
    assertEquals(980, grid.getWidth());
    assertEquals(90 + 56 * 10, grid.getHeight());
    assertTrue(Files.exists(run.resolve("plots/loss.png")));

    // The flow as images: one frame per eval.frames time, a row of 6 per class.
    Path gif = dir.resolve("flow.gif");
    CliTest.Result a = CliTest.run("animate", run.toString(), "--out", gif.toString());
    assertEquals(0, a.code(), a.err());
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertEquals(4, reader.getNumImages(true));
      BufferedImage frame = reader.read(0);
      assertEquals(440, frame.getWidth());
      assertEquals(110 + 48 * 10, frame.getHeight());
      reader.dispose();
    }
  }
}
