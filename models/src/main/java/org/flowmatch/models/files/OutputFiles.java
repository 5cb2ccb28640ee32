package org.flowmatch.models.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way every output file is written: run directories, checkpoints, samples, plots, study files. Immutable;
 * the streams it writes through are given at construction ({@link #DISK} for the file system, a failing stream in
 * tests).
 */
public final class OutputFiles {
  /** What a file holds, written to a stream (which the caller must not close). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Opens the stream that a file's bytes go to. */
  @FunctionalInterface
  public interface Streams {
    OutputStream open(Path file) throws IOException;
  }

  /** Files on the file system. */
  public static final OutputFiles DISK = new OutputFiles(Files::newOutputStream);

  private final Streams streams;

  public OutputFiles(Streams streams) {
    this.streams = streams;
  }

  /** Writes {@code content} to {@code file}, creating its parent directories. */
  public void write(Path file, Content content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(streams.open(file), 1 << 16)) {
      content.writeTo(out);
    }
  }

  /** Writes {@code text} as UTF-8. */
  public void write(Path file, String text) throws IOException {
    write(file, text(text));
  }

  /** {@code text} as UTF-8 content. */
  public static Content text(CharSequence text) {
    return out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
