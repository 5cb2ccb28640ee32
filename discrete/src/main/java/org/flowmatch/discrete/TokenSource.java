package org.flowmatch.discrete;

import org.flowmatch.core.Rng;

/**
 * The source p0 of the mixture path, over the symbols of a vocabulary of V data tokens: uniform over the V tokens,
 * or a mask token (symbol V, so V + 1 symbols in all) that every sequence starts from.
 */
public interface TokenSource {

  /** The number of symbols x_t can take: V, or V + 1 with a mask. */
  int symbols(int vocabulary);

  /** p0(symbol). */
  double probability(int symbol, int vocabulary);

  /** One symbol drawn from p0. */
  int draw(int vocabulary, Rng rng);

  /** {@code n} sequences of {@code length} symbols, drawn row by row. */
  default int[][] sample(int n, int length, int vocabulary, Rng rng) {
    int[][] x = new int[n][length];
    for (int[] row : x) {
      for (int i = 0; i < length; i++) {
        row[i] = draw(vocabulary, rng);
      }
    }
    return x;
  }

  /** Uniform over the V data tokens. */
  static TokenSource uniform() {
    return new TokenSource() {
      @Override
      public int symbols(int vocabulary) {
        return vocabulary;
      }

      @Override
      public double probability(int symbol, int vocabulary) {
        return symbol >= 0 && symbol < vocabulary ? 1.0 / vocabulary : 0;
      }

      @Override
      public int draw(int vocabulary, Rng rng) {
        return rng.nextInt(vocabulary);
      }

      @Override
      public String toString() {
        return "uniform";
      }
    };
  }

  /** Every token masked: the extra symbol V (draws nothing from the generator). */
  static TokenSource mask() {
    return new TokenSource() {
      @Override
      public int symbols(int vocabulary) {
        return vocabulary + 1;
      }

      @Override
      public double probability(int symbol, int vocabulary) {
        return symbol == vocabulary ? 1 : 0;
      }

      @Override
      public int draw(int vocabulary, Rng rng) {
        return vocabulary;
      }

      @Override
      public String toString() {
        return "mask";
      }
    };
  }
}
