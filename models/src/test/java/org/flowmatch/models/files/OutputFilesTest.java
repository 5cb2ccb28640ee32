package org.flowmatch.models.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails part-way (a full disk) leaves no part of a file and says which file. */
class OutputFilesTest {

  /** A disk with {@code free} bytes left: every stream fails once that many bytes went to it. */
  static OutputFiles disk(long free) {
    return new OutputFiles(file -> new FilterOutputStream(Files.newOutputStream(file)) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        if (++written > free) {
          throw new IOException("No space left on device");
        }
        super.write(b);
      }
    });
  }

  @Test
  void aFailedWriteLeavesNoPartialFileNoTemporaryFileAndNamesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("samples.csv");
    IOException e = assertThrows(IOException.class, () -> disk(100).write(file, "x,y\n".repeat(1000)));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("No space left on device"),
        e.getMessage());
    assertFalse(Files.exists(file), "no truncated file under the final name");
    assertEquals(List.of(), listing(dir), "no temporary file left behind");
  }

  @Test
  void aFailedRewriteKeepsTheOldFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("manifest.json");
    OutputFiles.DISK.write(file, "{\"status\": \"running\"}\n");
    assertThrows(IOException.class, () -> disk(5).write(file, "{\"status\": \"finished\"}\n"));
    assertEquals("{\"status\": \"running\"}\n", Files.readString(file));
    assertEquals(List.of("manifest.json"), listing(dir));
  }

  @Test
  void aWriteCreatesItsDirectoriesAndReplacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plots/loss.png");
    OutputFiles.DISK.write(file, "first");
    OutputFiles.DISK.write(file, "second, longer");
    assertEquals("second, longer", Files.readString(file));
    assertEquals(List.of("loss.png"), listing(file.getParent()));
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
