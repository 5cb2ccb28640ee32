package org.flowmatch.discrete;

/** Argument checks for token batches: every failure is one line naming the argument, the entry and the value. */
public final class Tokens {
  private Tokens() {}

  /**
   * {@code x} must be {@code [rows, length]} (rows unchecked when negative) with every entry in {0, ..., symbols - 1}.
   */
  public static int[][] check(int[][] x, String name, int rows, int length, int symbols) {
    if (x == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (rows >= 0 && x.length != rows) {
      throw new IllegalArgumentException(name + " must have " + rows + " rows, got " + x.length);
    }
    for (int r = 0; r < x.length; r++) {
      if (x[r] == null || x[r].length != length) {
        throw new IllegalArgumentException(name + "[" + r + "] must hold " + length + " tokens, got "
            + (x[r] == null ? "null" : x[r].length));
      }
      for (int i = 0; i < length; i++) {
        if (x[r][i] < 0 || x[r][i] >= symbols) {
          throw new IllegalArgumentException(name + "[" + r + "][" + i + "] = " + x[r][i]
              + " lies outside the vocabulary {0, ..., " + (symbols - 1) + "}");
        }
      }
    }
    return x;
  }

  /** A deep copy. */
  public static int[][] copy(int[][] x) {
    int[][] c = new int[x.length][];
    for (int r = 0; r < x.length; r++) {
      c[r] = x[r].clone();
    }
    return c;
  }
}
