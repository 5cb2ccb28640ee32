package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch.models.files.OutputFiles;

/**
 * Writes into a study directory that several processes (shards, Spark tasks, on several machines over a shared file
 * system) may write at once, through {@link OutputFiles}: every file is written to a temporary file in its own
 * directory and renamed onto its name, so a reader (or a process that is killed mid-write) sees the old complete file
 * or the new complete one, never a part. A rename within one directory is atomic on POSIX file systems and on NFS.
 */
public final class StudyFiles {
  private StudyFiles() {}

  /** Writes {@code text} to {@code file} atomically (UTF-8). */
  public static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code file} atomically. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /** Writes {@code content} to {@code file} atomically ({@link OutputFiles}). */
  public static void write(Path file, OutputFiles.Content content) throws IOException {
    OutputFiles.DISK.write(file, content);
  }

  /** The temporary files that interrupted writers left under {@code dir} (none after a clean run). */
  public static List<Path> leftovers(Path dir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (var files = Files.walk(dir)) {
        files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(found::add);
      }
    }
    return found;
  }
}
