package org.flowmatch.models.training;

import java.nio.file.Path;

/** A checkpoint that is missing, truncated, corrupt or does not fit the configured model. */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(Path file, String problem) {
    super("checkpoint " + file + ": " + problem);
  }
}
