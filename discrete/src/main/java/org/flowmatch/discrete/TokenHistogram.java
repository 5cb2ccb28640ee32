package org.flowmatch.discrete;

/**
 * The histogram of token samples over the V^D sequences of a table, and its divergences from the table.
 *
 * <p>Empty cells: KL(q || p) = sum over cells with q &gt; 0 of q log(q / p), so a cell without samples adds
 * nothing (0 log 0 = 0), and a sample outside the table's support (or holding a mask) makes it infinite; that mass
 * is reported by {@link #offSupport}, and {@link #klOnSupport} is the KL of the histogram restricted to the support
 * and renormalised. The plug-in KL of n exact draws is positive, about (cells - 1) / (2 n), so compare it with
 * that of the same number of draws from the table.
 */
public final class TokenHistogram {
  private final long[] counts;
  private final long offVocabulary;
  private final long n;

  private TokenHistogram(long[] counts, long offVocabulary, long n) {
    this.counts = counts;
    this.offVocabulary = offVocabulary;
    this.n = n;
  }

  /** Counts the sequences of {@code samples}; tokens of {@code vocabulary} or more (the mask) are counted apart. */
  public static TokenHistogram of(int[][] samples, int vocabulary, int length) {
    long[] counts = new long[(int) Math.round(Math.pow(vocabulary, length))];
    long off = 0;
    for (int[] x : samples) {
      boolean inside = true;
      for (int token : x) {
        inside &= token >= 0 && token < vocabulary;
      }
      if (inside) {
        counts[TokenTable.index(x, vocabulary)]++;
      } else {
        off++;
      }
    }
    return new TokenHistogram(counts, off, samples.length);
  }

  /** The count of the sequence with index k. */
  public long count(int k) {
    return counts[k];
  }

  /** The fraction of samples outside the table's support (masked tokens included). */
  public double offSupport(TokenTable table) {
    long off = offVocabulary;
    for (int k = 0; k < counts.length; k++) {
      off += table.probability(k) == 0 ? counts[k] : 0;
    }
    return (double) off / n;
  }

  /** KL(histogram || table), in nats; infinite when {@link #offSupport} is positive. */
  public double kl(TokenTable table) {
    return offSupport(table) > 0 ? Double.POSITIVE_INFINITY : klOnSupport(table);
  }

  /** KL of the histogram restricted to the table's support (renormalised) from the table, in nats. */
  public double klOnSupport(TokenTable table) {
    long inside = 0;
    for (int k = 0; k < counts.length; k++) {
      inside += table.probability(k) > 0 ? counts[k] : 0;
    }
    double kl = 0;
    for (int k = 0; k < counts.length; k++) {
      double p = table.probability(k);
      if (counts[k] > 0 && p > 0) {
        double q = (double) counts[k] / inside;
        kl += q * Math.log(q / p);
      }
    }
    return kl;
  }

  /** The total variation between the histogram (masked samples count as mass off the table) and the table. */
  public double tv(TokenTable table) {
    double sum = (double) offVocabulary / n;
    for (int k = 0; k < counts.length; k++) {
      sum += Math.abs((double) counts[k] / n - table.probability(k));
    }
    return sum / 2;
  }
}
