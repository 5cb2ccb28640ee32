package org.flowmatch.discrete;

import java.util.Arrays;
import org.flowmatch.core.Rng;

/**
 * A distribution over sequences given as a table: the probability of every one of the V^D sequences (row-major,
 * position 0 most significant). It samples by inversion, computes the exact marginals of a mixture path, and is the
 * exact posterior oracle of that path ({@link #posterior(MixturePath)}).
 */
public final class TokenTable implements TokenData {
  /** Tables larger than this are refused (the oracle and the marginal enumerate them). */
  public static final int MAX_ENTRIES = 1 << 22;

  private final int vocabulary;
  private final int length;
  private final double[] p;
  private final int[] support;
  private final double[] cumulative;
  /** p(x1^i = y), by position. */
  private final double[][] positionMarginals;

  private TokenTable(int vocabulary, int length, double[] p) {
    this.vocabulary = vocabulary;
    this.length = length;
    this.p = p;
    this.support = java.util.stream.IntStream.range(0, p.length).filter(k -> p[k] > 0).toArray();
    this.cumulative = new double[support.length];
    double sum = 0;
    for (int k = 0; k < support.length; k++) {
      sum += p[support[k]];
      cumulative[k] = sum;
    }
    this.positionMarginals = new double[length][vocabulary];
    for (int k : support) {
      int[] x = tokens(k, length, vocabulary);
      for (int i = 0; i < length; i++) {
        positionMarginals[i][x[i]] += p[k];
      }
    }
  }

  /** A table of weights over the V^D sequences, normalised by their sum. */
  public static TokenTable of(int vocabulary, int length, double[] weights) {
    if (vocabulary < 1 || length < 1 || Math.pow(vocabulary, length) > MAX_ENTRIES) {
      throw new IllegalArgumentException("a token table needs V >= 1, D >= 1 and V^D <= " + MAX_ENTRIES + ", got V = "
          + vocabulary + ", D = " + length);
    }
    int size = (int) Math.round(Math.pow(vocabulary, length));
    if (weights.length != size) {
      throw new IllegalArgumentException("a table over V = " + vocabulary + ", D = " + length + " needs " + size
          + " weights, got " + weights.length);
    }
    double sum = 0;
    for (int k = 0; k < size; k++) {
      if (!(weights[k] >= 0) || Double.isInfinite(weights[k])) {
        throw new IllegalArgumentException("table weight " + k + " must be finite and not negative, got "
            + weights[k]);
      }
      sum += weights[k];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("the table weights sum to " + sum + "; they must have a positive sum");
    }
    double[] p = new double[size];
    for (int k = 0; k < size; k++) {
      p[k] = weights[k] / sum;
    }
    return new TokenTable(vocabulary, length, p);
  }

  /** A product of categoricals: {@code marginals[i]} are the weights of position i (all of length V). */
  public static TokenTable product(double[][] marginals) {
    int length = marginals.length;
    int vocabulary = length == 0 ? 0 : marginals[0].length;
    double[][] normalised = new double[length][];
    for (int i = 0; i < length; i++) {
      if (marginals[i].length != vocabulary) {
        throw new IllegalArgumentException("categorical " + i + " has " + marginals[i].length
            + " weights, categorical 0 has " + vocabulary);
      }
      normalised[i] = of(vocabulary, 1, marginals[i]).p;
    }
    int size = (int) Math.round(Math.pow(vocabulary, length));
    double[] p = new double[size];
    for (int k = 0; k < size; k++) {
      double w = 1;
      int rest = k;
      for (int i = length - 1; i >= 0; i--) {
        w *= normalised[i][rest % vocabulary];
        rest /= vocabulary;
      }
      p[k] = w;
    }
    return of(vocabulary, length, p);
  }

  /** A joint table over a 2-D grid: {@code weights[a][b]} for x = (a, b), a V x V matrix. */
  public static TokenTable grid(double[][] weights) {
    int v = weights.length;
    double[] flat = new double[v * v];
    for (int a = 0; a < v; a++) {
      if (weights[a].length != v) {
        throw new IllegalArgumentException("a grid table must be square: row " + a + " has " + weights[a].length
            + " entries, there are " + v + " rows");
      }
      System.arraycopy(weights[a], 0, flat, a * v, v);
    }
    return of(v, 2, flat);
  }

  /**
   * flow_matching's discrete checkerboard: a {@code grid x grid} table of {@code cells x cells} squares, uniform on
   * the squares whose indices sum to an even number (its {@code inf_train_gen} with 128 points and 4 squares).
   */
  public static TokenTable checkerboard(int grid, int cells) {
    if (grid < 1 || cells < 1 || grid % cells != 0) {
      throw new IllegalArgumentException("checkerboard: grid (" + grid + ") must be a positive multiple of cells ("
          + cells + ")");
    }
    int side = grid / cells;
    double[][] w = new double[grid][grid];
    for (int a = 0; a < grid; a++) {
      for (int b = 0; b < grid; b++) {
        w[a][b] = (a / side + b / side) % 2 == 0 ? 1 : 0;
      }
    }
    return grid(w);
  }

  @Override
  public int vocabulary() {
    return vocabulary;
  }

  @Override
  public int length() {
    return length;
  }

  /** The number of sequences, V^D. */
  public int size() {
    return p.length;
  }

  /** The probability of the sequence with index {@code k}. */
  public double probability(int k) {
    return p[k];
  }

  /** The probabilities of every sequence, by index (a copy). */
  public double[] probabilities() {
    return p.clone();
  }

  /** The index of a sequence over {@code base} symbols. */
  public static int index(int[] x, int base) {
    int k = 0;
    for (int token : x) {
      k = k * base + token;
    }
    return k;
  }

  /** The sequence with index {@code k} over {@code base} symbols. */
  public static int[] tokens(int k, int length, int base) {
    int[] x = new int[length];
    for (int i = length - 1; i >= 0; i--) {
      x[i] = k % base;
      k /= base;
    }
    return x;
  }

  @Override
  public int[][] sample(int n, Rng rng) {
    int[][] x = new int[n][];
    double total = cumulative[cumulative.length - 1];
    for (int r = 0; r < n; r++) {
      int k = Arrays.binarySearch(cumulative, rng.nextDouble() * total);
      k = k >= 0 ? k + 1 : -k - 1;
      x[r] = tokens(support[Math.min(k, support.length - 1)], length, vocabulary);
    }
    return x;
  }

  /**
   * The exact marginal of the path at time t over the symbols^D states x (index over {@code path.symbols()}):
   * P_t(x) = sum over x1 of p(x1) prod_i p_t(x^i | x1^i).
   */
  public double[] marginal(MixturePath path, double t) {
    int symbols = path.symbols();
    int states = (int) Math.round(Math.pow(symbols, length));
    double[][] conditional = new double[symbols][vocabulary];
    for (int z = 0; z < symbols; z++) {
      for (int a = 0; a < vocabulary; a++) {
        conditional[z][a] = path.conditional(z, a, t);
      }
    }
    double[] marginal = new double[states];
    for (int s = 0; s < states; s++) {
      int[] x = tokens(s, length, symbols);
      double sum = 0;
      for (int k : support) {
        int[] x1 = tokens(k, length, vocabulary);
        double w = p[k];
        for (int i = 0; i < length && w != 0; i++) {
          w *= conditional[x[i]][x1[i]];
        }
        sum += w;
      }
      marginal[s] = sum;
    }
    return marginal;
  }

  /**
   * The exact posterior p(x1^i | x_t) of {@code path} with this table as the data. For D = 2 it uses the form of
   * the likelihood p_t(z | a) = c + kappa [z = a] to cost O(V) per row; otherwise it sums over the table's
   * support.
   */
  public Posterior posterior(MixturePath path) {
    if (path.vocabulary() != vocabulary) {
      throw new IllegalArgumentException("the path's vocabulary (" + path.vocabulary() + ") differs from the table's ("
          + vocabulary + ")");
    }
    return new Oracle(path, length == 2);
  }

  /** The oracle by summation over the support, whatever D (for tests of the D = 2 form). */
  Posterior posteriorBySummation(MixturePath path) {
    return new Oracle(path, false);
  }

  private final class Oracle implements Posterior {
    private final MixturePath path;
    private final boolean twoD;
    private final double[] rowSums;
    private final double[] columnSums;

    Oracle(MixturePath path, boolean twoD) {
      this.path = path;
      this.twoD = twoD;
      rowSums = new double[vocabulary];
      columnSums = new double[vocabulary];
      if (twoD) {
        for (int a = 0; a < vocabulary; a++) {
          for (int b = 0; b < vocabulary; b++) {
            rowSums[a] += p[a * vocabulary + b];
            columnSums[b] += p[a * vocabulary + b];
          }
        }
      }
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public int vocabulary() {
      return vocabulary;
    }

    @Override
    public double[][] posterior(int[][] xt, double[] t) {
      Tokens.check(xt, "xt", t.length, length, path.symbols());
      double[][] out = new double[xt.length][];
      for (int r = 0; r < xt.length; r++) {
        double kappa = path.scheduler().kappa(t[r]);
        double[] c = new double[length];
        for (int i = 0; i < length; i++) {
          c[i] = (1 - kappa) * path.source().probability(xt[r][i], vocabulary);
        }
        out[r] = twoD ? twoD(xt[r], kappa, c) : summed(xt[r], kappa, c);
        normalise(out[r], xt[r], t[r]);
      }
      return out;
    }

    /** m1(a) = L1(a) (c2 R(a) + kappa P(a, z2)), m2(b) = L2(b) (c1 C(b) + kappa P(z1, b)), L_i(a) = c_i + kappa [a = z_i]. */
    private double[] twoD(int[] z, double kappa, double[] c) {
      double[] m = new double[2 * vocabulary];
      for (int a = 0; a < vocabulary; a++) {
        double l1 = c[0] + (a == z[0] ? kappa : 0);
        double l2 = c[1] + (a == z[1] ? kappa : 0);
        m[a] = l1 * (c[1] * rowSums[a] + (z[1] < vocabulary ? kappa * p[a * vocabulary + z[1]] : 0));
        m[vocabulary + a] = l2 * (c[0] * columnSums[a] + (z[0] < vocabulary ? kappa * p[z[0] * vocabulary + a] : 0));
      }
      return m;
    }

    private double[] summed(int[] z, double kappa, double[] c) {
      double[] m = new double[length * vocabulary];
      for (int k : support) {
        int[] x1 = tokens(k, length, vocabulary);
        double w = p[k];
        for (int i = 0; i < length && w != 0; i++) {
          w *= c[i] + (x1[i] == z[i] ? kappa : 0);
        }
        if (w != 0) {
          for (int i = 0; i < length; i++) {
            m[i * vocabulary + x1[i]] += w;
          }
        }
      }
      return m;
    }

    /**
     * Normalises each position's block. A state the path cannot reach has no posterior: the Euler chain of the mask
     * source reaches some (two tokens unmasked in one step into a pair outside the support, since each token jumps
     * on its own). There an unmasked token keeps itself (under the mask path an unmasked token is always x1's) and
     * a masked one gets the data's marginal at its position.
     */
    private void normalise(double[] m, int[] z, double t) {
      for (int i = 0; i < length; i++) {
        double sum = 0;
        for (int y = 0; y < vocabulary; y++) {
          sum += m[i * vocabulary + y];
        }
        for (int y = 0; y < vocabulary; y++) {
          m[i * vocabulary + y] = sum > 0 ? m[i * vocabulary + y] / sum
              : z[i] < vocabulary ? (y == z[i] ? 1 : 0) : positionMarginals[i][y];
        }
      }
    }
  }

  @Override
  public String toString() {
    return "token table (V = " + vocabulary + ", D = " + length + ", " + support.length + " sequences in support)";
  }
}
