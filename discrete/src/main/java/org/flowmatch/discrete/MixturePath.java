package org.flowmatch.discrete;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Rng;

/**
 * The mixture path of discrete flow matching: given x0 ~ p0 and x1 ~ data, each token of x_t is independently x1's
 * with probability kappa_t and x0's otherwise, so p_t(z | x1^i) = kappa_t [z = x1^i] + (1 - kappa_t) p0(z). Its
 * marginal CTMC velocity at one position, from the posterior p(x1^i = y | x_t) (Gat et al., 2024, eq. 3.5 with
 * the mixture's conditional velocity), is
 *
 * <pre>u_t(y) = kappa'_t / (1 - kappa_t) (p(x1^i = y | x_t) - [y = x_t^i]).</pre>
 *
 * <p>Immutable; the scheduler is checked to be a convex-combination weight when the path is made.
 */
public final class MixturePath {
  private final ConvexScheduler scheduler;
  private final TokenSource source;
  private final int vocabulary;

  public MixturePath(ConvexScheduler scheduler, TokenSource source, int vocabulary) {
    this.scheduler = ConvexScheduler.check(scheduler, "path.scheduler");
    this.source = source;
    this.vocabulary = Checks.positive(vocabulary, "vocabulary");
  }

  public ConvexScheduler scheduler() {
    return scheduler;
  }

  public TokenSource source() {
    return source;
  }

  /** V, the data tokens. */
  public int vocabulary() {
    return vocabulary;
  }

  /** The symbols of x_t: V, or V + 1 with the mask source. */
  public int symbols() {
    return source.symbols(vocabulary);
  }

  /** p_t(z | x1^i = a) = kappa_t [z = a] + (1 - kappa_t) p0(z). */
  public double conditional(int z, int a, double t) {
    double kappa = scheduler.kappa(t);
    return (z == a ? kappa : 0) + (1 - kappa) * source.probability(z, vocabulary);
  }

  /**
   * x_t for each row at its time: token i is x1's when a uniform draw falls below kappa_t, x0's otherwise (one draw
   * per token, row by row).
   */
  public int[][] sample(int[][] x0, int[][] x1, double[] t, Rng rng) {
    int length = x1.length == 0 ? 0 : x1[0].length;
    Tokens.check(x1, "x1", -1, length, vocabulary);
    Tokens.check(x0, "x0", x1.length, length, symbols());
    if (t.length != x1.length) {
      throw new IllegalArgumentException("t must hold " + x1.length + " times, got " + t.length);
    }
    int[][] xt = new int[x1.length][length];
    for (int r = 0; r < x1.length; r++) {
      double kappa = scheduler.kappa(Checks.time(t[r], "t[" + r + "]"));
      for (int i = 0; i < length; i++) {
        xt[r][i] = rng.nextDouble() < kappa ? x1[r][i] : x0[r][i];
      }
    }
    return xt;
  }

  /**
   * The CTMC velocity at one position: {@code out[y]} = u_t(y) for every symbol y, from the posterior block
   * {@code posterior[offset .. offset + V)} and the current symbol {@code z}. The entries sum to zero; the
   * diagonal entry u_t(z) is minus the jump rate. Needs t &lt; 1.
   */
  public void velocity(double[] posterior, int offset, int z, double t, double[] out) {
    double rate = scheduler.rate(t);
    int symbols = symbols();
    for (int y = 0; y < symbols; y++) {
      double p = y < vocabulary ? posterior[offset + y] : 0;
      out[y] = rate * (p - (y == z ? 1 : 0));
    }
  }

  @Override
  public String toString() {
    return "mixture path (" + scheduler + ", " + source + " source, V = " + vocabulary + ")";
  }
}
