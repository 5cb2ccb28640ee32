package org.flowmatch.core.config;

/**
 * One component's section of an experiment config, for example {@code path} or {@code solver}. Getters take the
 * key within the section; errors name the full key ({@code solver.rtol}), the value and why it is wrong.
 */
public interface Parameters {

  /** The section's name, for example {@code solver}. */
  String section();

  /** Whether the key is set (in the config file or by an override). */
  boolean has(String key);

  /** A number, or {@code defaultValue} when the key is not set. */
  double number(String key, double defaultValue);

  /** A whole number, or {@code defaultValue} when the key is not set. */
  int integer(String key, int defaultValue);

  /** A string, or {@code defaultValue} when the key is not set. */
  String string(String key, String defaultValue);

  /** A boolean ({@code true} or {@code false}), or {@code defaultValue} when the key is not set. */
  boolean flag(String key, boolean defaultValue);

  /** A required list of numbers. */
  double[] numbers(String key);

  /** A required list of lists of numbers, all of the same length. */
  double[][] matrix(String key);

  /** An error about the value of {@code key}, naming the full key and the value. */
  IllegalArgumentException invalid(String key, String why);
}
