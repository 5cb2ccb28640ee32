package org.flowmatch.models.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way every output file is written (run directories, checkpoints, samples, plots, study files): whole or
 * not at all. The bytes go to a temporary file in the file's own directory, which is then renamed onto the file's
 * name; a rename within a directory is atomic on POSIX file systems and on NFS, so a reader, or a process killed
 * mid-write, or a disk that fills up, sees the old complete file or the new complete one, never a part, and a
 * failed write leaves no temporary file behind. (Checkpoints were written this way first; this generalises them.)
 *
 * <p>A failure is an {@link IOException} whose message names the file and why. Immutable; the streams it writes
 * through are given at construction: {@link #DISK}, or in tests a stream that fails like a full disk.
 */
public final class OutputFiles {
  /** What a file holds, written to a stream (which the content must not close). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Opens the stream that a new file's bytes go to. */
  @FunctionalInterface
  public interface Streams {
    OutputStream open(Path file) throws IOException;
  }

  /** Files on the file system. */
  public static final OutputFiles DISK = new OutputFiles(
      file -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

  private final Streams streams;

  public OutputFiles(Streams streams) {
    this.streams = streams;
  }

  /**
   * Writes {@code content} to {@code file} atomically, creating its parent directories.
   *
   * @throws IOException naming the file and the reason (a full disk, a read-only directory, ...); the file is then
   *     as it was before
   */
  public void write(Path file, Content content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      // A unique name of its own (not Files.createTempFile, whose files are private to their owner): two writers
      // of one file, such as a retried study task, never share a temporary file.
      tmp = parent.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + ".tmp");
      try (OutputStream out = new BufferedOutputStream(streams.open(tmp), 1 << 16)) {
        content.writeTo(out);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot write " + file + ": its file system cannot rename atomically (use a local disk,"
          + " NFS, Lustre or GPFS)", e);
    } catch (IOException e) {
      throw new IOException("cannot write " + file + ": " + reason(e), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write failed already; that error is the one to report
        }
      }
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

  /** Why a file operation failed, in words, naming the path it failed on. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      String what = f instanceof AccessDeniedException ? "permission denied"
          : f instanceof NoSuchFileException ? "no such file or directory"
          : f instanceof NotDirectoryException ? "not a directory"
          : f instanceof FileAlreadyExistsException ? "a file is in the way of a directory"
          : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
      return f.getFile() == null || f.getFile().endsWith(".tmp") ? what : what + " (" + f.getFile() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
