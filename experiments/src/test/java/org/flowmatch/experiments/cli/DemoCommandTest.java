package org.flowmatch.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `demo NAME` runs a shipped config by name; an unknown name is one line, exit 2, nothing written. */
class DemoCommandTest {

  @Test
  void everyShippedConfigIsBuiltInAndReadableFromTheJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("configs"))) {
      List<String> shipped = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
      assertEquals(shipped, DemoCommand.builtInNames());
    }
    for (String name : DemoCommand.builtInNames()) {
      assertEquals(java.util.Optional.of(name), DemoCommand.builtIn("configs/" + name + ".yaml").get("name"), name);
    }
  }

  @Test
  void anUnknownNameIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
    CliTest.Result r = CliTest.run("demo", "digit", "--runs", dir.resolve("runs").toString());
    assertEquals(2, r.code());
    assertEquals("flowmatch: demo: no built-in config 'digit'; built in: " + String.join(", ",
        DemoCommand.builtInNames()), r.err().strip());
    assertTrue(r.err().contains(", digits, "), r.err());
    assertFalse(Files.exists(dir.resolve("runs")));
  }
}
