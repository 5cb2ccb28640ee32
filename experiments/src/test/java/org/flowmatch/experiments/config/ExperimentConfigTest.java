package org.flowmatch.experiments.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentConfigTest {

  @Test
  void flattensNestedKeysAndKeepsTypes() {
    ExperimentConfig c = ExperimentConfig.parse("""
        seed: 3
        solver:
          type: dopri5
          rtol: 1e-6
        data:
          means: [[1, 2], [3, 4]]
        """, "t.yaml");
    assertEquals(3, ((Number) c.get("seed").orElseThrow()).intValue());
    assertEquals("dopri5", c.get("solver.type").orElseThrow());
    assertEquals(1e-6, ((Number) c.get("solver.rtol").orElseThrow()).doubleValue());
    assertEquals(List.of(List.of(1, 2), List.of(3, 4)), c.get("data.means").orElseThrow());
  }

  @Test
  void malformedYamlGivesFileLineAndColumn() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ExperimentConfig.parse("seed: 1\nsolver:\n  type: [rk4\n  steps: 3\n", "bad.yaml"));
    assertTrue(e.getMessage().matches("bad\\.yaml:\\d+:\\d+: .*"), e.getMessage());
    ConfigException dup = assertThrows(ConfigException.class,
        () -> ExperimentConfig.parse("seed: 1\nseed: 2\n", "dup.yaml"));
    assertTrue(dup.getMessage().startsWith("dup.yaml:2:1: "), dup.getMessage());
    assertTrue(dup.getMessage().contains("seed"), dup.getMessage());
  }

  @Test
  void overridesAreReadAsYamlValues() {
    ExperimentConfig c = ExperimentConfig.parse("path:\n  type: condot\nsolver:\n  rtol: 1e-5\n", "t.yaml")
        .withOverrides(List.of("path.type=vp", "solver.rtol=1e-7", "seed=3", "data.stds=[0.3, 0.5]"));
    assertEquals("vp", c.get("path.type").orElseThrow());
    assertEquals(1e-7, ((Number) c.get("solver.rtol").orElseThrow()).doubleValue());
    assertEquals(3, ((Number) c.get("seed").orElseThrow()).intValue());
    assertEquals(List.of(0.3, 0.5), c.get("data.stds").orElseThrow());
  }

  @Test
  void malformedOverridesAreRejected() {
    ExperimentConfig c = ExperimentConfig.parse("", "t.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> c.withOverrides(List.of("solver.rtol")));
    assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> c.withOverrides(List.of("Solver.Rtol=1")));
    assertTrue(e.getMessage().contains("'Solver.Rtol' is not a key"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> c.withOverrides(List.of("data.stds=[0.3")));
    assertTrue(e.getMessage().startsWith("override 'data.stds=[0.3'"), e.getMessage());
  }

  @Test
  void yamlRoundTrips() {
    ExperimentConfig c = ExperimentConfig.parse("""
        seed: 1
        data:
          type: gaussian-mixture
          weights: [0.5, 0.5]
          means: [[-1.0, 0.0], [1.0, 0.0]]
        solver:
          rtol: 1.0e-06
        """, "t.yaml");
    assertEquals(c, ExperimentConfig.parse(c.toYaml(), "again"));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.load(missing));
    assertEquals(missing + ": no such config file", e.getMessage());
  }

  @Test
  void shippedConfigsParse() throws Exception {
    try (var files = Files.list(Path.of("configs"))) {
      List<Path> configs = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertTrue(configs.size() >= 5, "at least five shipped configs");
      for (Path p : configs) {
        assertTrue(ExperimentConfig.load(p).has("data.type"), p + " names its data");
      }
    }
  }
}
