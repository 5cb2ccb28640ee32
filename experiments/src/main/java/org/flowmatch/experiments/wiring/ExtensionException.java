package org.flowmatch.experiments.wiring;

/**
 * A component module that cannot be loaded or bound (an extension jar with a broken module, a name registered
 * twice): one line naming the jar, the module or component, and what is wrong. The command line prints it and
 * exits with 2, as for a bad config.
 */
public final class ExtensionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ExtensionException(String message) {
    super(message);
  }
}
