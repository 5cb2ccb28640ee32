package org.flowmatch.experiments.ablation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A numeric axis (a guidance sweep) gets every chosen metric plotted against it; a label axis does not. */
class TablesTest {

  @Test
  void aNumericAxisGetsOnePanelPerMetric(@TempDir Path dir) throws IOException {
    Grid grid = new Grid(dir.resolve("g.yaml"), "g", ExperimentConfig.parse("data: {type: moons}\n", "b.yaml"),
        List.of(), List.of(new Grid.Axis("sample.guidance", List.of("0", "1"), List.of()),
            new Grid.Axis("method", List.of("a", "b"), List.of()), new Grid.Axis("seed", List.of("0"), List.of())));
    List<Map<String, Object>> results = new ArrayList<>();
    for (String w : List.of("0", "1", "2")) {
      for (String seed : List.of("0", "1")) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sample.guidance", w);
        r.put("method", "a");
        r.put("seed", seed);
        r.put("status", "ok");
        r.put("nfe", 50);
        r.put("class_consistency", 0.9 + 0.03 * Double.parseDouble(w));
        r.put("frechet", 10.0 + Double.parseDouble(seed));
        r.put("metrics", List.of("class_consistency", "frechet"));
        results.add(r);
      }
    }
    Tables.write(dir, grid, results);
    Path png = dir.resolve("plots/vs-sample.guidance.png");
    assertTrue(Files.exists(png));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(2 * 400, img.getWidth(), "two metrics, two panels");
    assertEquals(320, img.getHeight());
    assertFalse(Files.exists(dir.resolve("plots/vs-method.png")), "labels are not a numeric axis");
    assertFalse(Files.exists(dir.resolve("plots/vs-seed.png")), "seeds are averaged, not plotted against");
  }
}
