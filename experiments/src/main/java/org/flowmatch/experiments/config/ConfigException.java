package org.flowmatch.experiments.config;

/** A config that cannot be read or used; the message names the file, line and key involved. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
