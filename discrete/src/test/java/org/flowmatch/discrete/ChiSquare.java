package org.flowmatch.discrete;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/** Pearson's chi-square goodness-of-fit test of token samples against a law over all symbols^D states. */
final class ChiSquare {
  private ChiSquare() {}

  /**
   * The p-value of the counts of {@code samples} against {@code law}; states of zero probability must be empty
   * (else the p-value is 0), and the degrees of freedom are the states of positive probability minus one.
   */
  static double pValue(int[][] samples, int symbols, double[] law) {
    long[] counts = new long[law.length];
    for (int[] x : samples) {
      counts[TokenTable.index(x, symbols)]++;
    }
    return pValue(counts, law);
  }

  /** The same from the counts of every state. */
  static double pValue(long[] counts, double[] law) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    double statistic = 0;
    int cells = 0;
    for (int k = 0; k < law.length; k++) {
      double expected = law[k] * n;
      if (law[k] <= 1e-15) {
        if (counts[k] > 0) {
          return 0;
        }
        continue;
      }
      cells++;
      statistic += (counts[k] - expected) * (counts[k] - expected) / expected;
    }
    return 1 - new ChiSquaredDistribution(cells - 1).cumulativeProbability(statistic);
  }
}
