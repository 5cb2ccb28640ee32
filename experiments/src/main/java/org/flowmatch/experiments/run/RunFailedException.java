package org.flowmatch.experiments.run;

/**
 * A run that failed after it began: the cause's one line, and the run directory, whose manifest now says
 * {@code failed} (or why it could not). Bad input found only then (an {@link IllegalArgumentException}) keeps its
 * exit status 2 ({@link #badInput}).
 */
public final class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the run failed on bad input (a value, file or key) rather than on a fault of the machine or code. */
  public boolean badInput() {
    return getCause() instanceof IllegalArgumentException;
  }
}
