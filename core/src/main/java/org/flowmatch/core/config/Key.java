package org.flowmatch.core.config;

/**
 * A key a component reads from its section, for the config reference, {@code flowmatch list} and the check that
 * rejects unknown keys.
 *
 * @param name the key within the section, for example {@code rtol}
 * @param defaultValue the default as written in a config, or empty when the key is required
 * @param description what it does, in a few words
 */
public record Key(String name, String defaultValue, String description) {

  public static Key of(String name, Object defaultValue, String description) {
    return new Key(name, defaultValue == null ? "" : String.valueOf(defaultValue), description);
  }

  public static Key required(String name, String description) {
    return new Key(name, "", description);
  }
}
