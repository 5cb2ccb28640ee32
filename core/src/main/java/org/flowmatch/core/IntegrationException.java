package org.flowmatch.core;

/**
 * An integration that cannot finish: the step size fell below its minimum, the step budget ran out, or the field
 * returned non-finite values. The message gives the time, the step size and the step count where it stopped.
 */
public class IntegrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntegrationException(String message) {
    super(message);
  }
}
