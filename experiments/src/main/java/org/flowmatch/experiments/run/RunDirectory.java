package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.flowmatch.models.files.OutputFiles;

/**
 * A run's directory under {@code runs/}: {@code <name>-<yyyyMMdd-HHmmss>}, with a numeric suffix when that exists.
 * A directory is created atomically and never reused by a new run, so nothing is ever overwritten.
 */
public final class RunDirectory {
  public static final String CONFIG = "config.yaml";
  public static final String MANIFEST = "manifest.json";
  public static final String CHECKPOINT = "checkpoint.zip";
  public static final String LOSSES = "loss.csv";
  public static final String SAMPLES = "samples.csv";
  public static final String LIKELIHOOD = "likelihood.csv";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;
  private final OutputFiles files;

  private RunDirectory(Path dir, OutputFiles files) {
    this.dir = dir;
    this.files = files;
  }

  /** A new, empty run directory under {@code root}. */
  public static RunDirectory create(Path root, String name, LocalDateTime now) throws IOException {
    return create(root, name, now, OutputFiles.DISK);
  }

  /** A new, empty run directory under {@code root} whose files are written through {@code files}. */
  public static RunDirectory create(Path root, String name, LocalDateTime now, OutputFiles files)
      throws IOException {
    Files.createDirectories(root);
    String base = name.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + STAMP.format(now);
    for (int i = 1; ; i++) {
      Path candidate = root.resolve(i == 1 ? base : base + "-" + i);
      try {
        return new RunDirectory(Files.createDirectory(candidate), files);
      } catch (FileAlreadyExistsException e) {
        // taken by an earlier run: try the next suffix
      }
    }
  }

  /** An existing run directory; fails clearly when {@code dir} is not one. */
  public static RunDirectory open(Path dir) {
    return open(dir, OutputFiles.DISK);
  }

  /** An existing run directory whose files are written through {@code files}. */
  public static RunDirectory open(Path dir, OutputFiles files) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such run directory");
    }
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new IllegalArgumentException(dir + ": not a run directory (it has no " + CONFIG + ")");
    }
    return new RunDirectory(dir, files);
  }

  /** Whether {@code path} looks like a run directory rather than a config file. */
  public static boolean isRun(Path path) {
    return Files.isDirectory(path) && Files.isRegularFile(path.resolve(CONFIG));
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String file) {
    return dir.resolve(file);
  }

  /** How this run's files are written. */
  public OutputFiles files() {
    return files;
  }

  /** Writes {@code file} (a name such as {@code samples.csv} or {@code plots/loss.png}) of this run. */
  public void write(String file, OutputFiles.Content content) throws IOException {
    files.write(dir.resolve(file), content);
  }

  /** Writes {@code file} of this run as UTF-8 text. */
  public void write(String file, String text) throws IOException {
    files.write(dir.resolve(file), text);
  }

  public Path plots() throws IOException {
    return Files.createDirectories(dir.resolve("plots"));
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
