package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

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

  private RunDirectory(Path dir) {
    this.dir = dir;
  }

  /** A new, empty run directory under {@code root}. */
  public static RunDirectory create(Path root, String name, LocalDateTime now) throws IOException {
    Files.createDirectories(root);
    String base = name.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + STAMP.format(now);
    for (int i = 1; ; i++) {
      Path candidate = root.resolve(i == 1 ? base : base + "-" + i);
      try {
        return new RunDirectory(Files.createDirectory(candidate));
      } catch (FileAlreadyExistsException e) {
        // taken by an earlier run: try the next suffix
      }
    }
  }

  /** An existing run directory; fails clearly when {@code dir} is not one. */
  public static RunDirectory open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such run directory");
    }
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      throw new IllegalArgumentException(dir + ": not a run directory (it has no " + CONFIG + ")");
    }
    return new RunDirectory(dir);
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

  public Path plots() throws IOException {
    return Files.createDirectories(dir.resolve("plots"));
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
