package org.flowmatch.discrete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** The mixture path's marginals, posterior and velocity against closed forms on small tables. */
class MixturePathTest {
  /** A correlated joint table over a 3 x 3 grid, with zeros. */
  static final TokenTable TABLE = TokenTable.grid(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 2, 5}});

  static MixturePath path(TokenSource source, int vocabulary) {
    return new MixturePath(ConvexScheduler.polynomial(2), source, vocabulary);
  }

  /**
   * For D = 2, P_t = kappa^2 p + kappa (1 - kappa) (p_1 x p0 + p0 x p_2) + (1 - kappa)^2 p0 x p0: the table
   * convolved with the source, written out by which tokens come from x1.
   */
  @Test
  void marginalIsTheTableConvolvedWithTheSource() {
    for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
      MixturePath path = path(source, 3);
      int s = path.symbols();
      double[] p1 = new double[3];
      double[] p2 = new double[3];
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          p1[a] += TABLE.probability(a * 3 + b);
          p2[b] += TABLE.probability(a * 3 + b);
        }
      }
      for (double t : new double[] {0, 0.2, 0.5, 0.9, 1}) {
        double k = t * t;
        double[] marginal = TABLE.marginal(path, t);
        double sum = 0;
        for (int x = 0; x < s; x++) {
          for (int y = 0; y < s; y++) {
            double q0x = source.probability(x, 3);
            double q0y = source.probability(y, 3);
            double expected = (1 - k) * (1 - k) * q0x * q0y
                + k * (1 - k) * ((x < 3 ? p1[x] : 0) * q0y + q0x * (y < 3 ? p2[y] : 0))
                + k * k * (x < 3 && y < 3 ? TABLE.probability(x * 3 + y) : 0);
            assertEquals(expected, marginal[x * s + y], 1e-15, source + " t = " + t + " x = " + x + "," + y);
            sum += marginal[x * s + y];
          }
        }
        assertEquals(1, sum, 1e-14);
      }
    }
  }

  /** x_t drawn by the path (x0 from the source, x1 from the table) matches the exact marginal: chi-square. */
  @Test
  void samplesFollowTheMarginal() {
    for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
      MixturePath path = path(source, 3);
      Rng rng = Rng.seeded(11);
      int n = 40_000;
      double t = 0.7;
      int[][] x1 = TABLE.sample(n, rng);
      int[][] x0 = source.sample(n, 2, 3, rng);
      double[] times = new double[n];
      java.util.Arrays.fill(times, t);
      int[][] xt = path.sample(x0, x1, times, rng);
      double p = ChiSquare.pValue(xt, path.symbols(), TABLE.marginal(path, t));
      assertTrue(p > 0.001, source + ": chi-square p-value " + p + " below the significance 0.001");
    }
  }

  /** The D = 2 form of the oracle equals the summation over the support, and Bayes' rule on a hand case. */
  @Test
  void twoDimensionalOracleEqualsSummation() {
    for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
      MixturePath path = path(source, 3);
      int s = path.symbols();
      for (double t : new double[] {0, 0.3, 0.8, 0.99}) {
        for (int x = 0; x < s * s; x++) {
          int[][] xt = {TokenTable.tokens(x, 2, s)};
          if (TABLE.marginal(path, t)[x] == 0) {
            continue;
          }
          double[] fast = TABLE.posterior(path).posterior(xt, new double[] {t})[0];
          double[] summed = TABLE.posteriorBySummation(path).posterior(xt, new double[] {t})[0];
          for (int k = 0; k < fast.length; k++) {
            assertEquals(summed[k], fast[k], 1e-15, source + " t = " + t + " x = " + x + " entry " + k);
          }
        }
      }
    }
    // By hand: uniform source, t = 0.5 (kappa = 1/4), x_t = (0, 2). L_i(a) = 1/4 [a = z_i] + (3/4)(1/3).
    // p(x1^1 = a | x_t) is proportional to L_1(a) sum_b p(a, b) L_2(b), with p = w / 17:
    // a = 0: (1/2)(4/4 + 1/4 + 0 (1/2)) = 0.625; a = 1: (1/4)(1/4 + 3/4 + 1/2) = 0.375; a = 2: (1/4)(0 + 2/4 + 5/2) = 0.75
    double[] got = TABLE.posterior(path(TokenSource.uniform(), 3)).posterior(new int[][] {{0, 2}},
        new double[] {0.5})[0];
    assertEquals(0.625 / 1.75, got[0], 1e-15);
    assertEquals(0.375 / 1.75, got[1], 1e-15);
    assertEquals(0.75 / 1.75, got[2], 1e-15);
  }

  /**
   * The velocity from the exact posterior solves the Kolmogorov forward equation of the exact marginals:
   * d/dt P_t(x) = sum_i sum_{z != x^i} [u^i(x^i | x with z at i) P_t(x with z at i) - u^i(z | x) P_t(x)], with
   * the left side by a central difference of the exact marginals.
   */
  @Test
  void velocitySolvesTheKolmogorovForwardEquation() {
    TokenTable product = TokenTable.product(new double[][] {{1, 2, 3}, {5, 1, 1}, {1, 1, 2}});
    for (TokenTable table : new TokenTable[] {TABLE, product}) {
      for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
        for (ConvexScheduler scheduler : new ConvexScheduler[] {ConvexScheduler.polynomial(2),
            ConvexScheduler.polynomial(1), ConvexScheduler.cosine()}) {
          MixturePath path = new MixturePath(scheduler, source, 3);
          Posterior oracle = table.posterior(path);
          int d = table.length();
          int s = path.symbols();
          for (double t : new double[] {0.1, 0.45, 0.8}) {
            double h = 1e-5;
            double[] plus = table.marginal(path, t + h);
            double[] minus = table.marginal(path, t - h);
            double[] marginal = table.marginal(path, t);
            double[] u = new double[s];
            double[] flow = new double[marginal.length];
            for (int x = 0; x < marginal.length; x++) {
              if (marginal[x] == 0) {
                continue;
              }
              int[] tokens = TokenTable.tokens(x, d, s);
              double[] posterior = oracle.posterior(new int[][] {tokens}, new double[] {t})[0];
              for (int i = 0; i < d; i++) {
                path.velocity(posterior, i * 3, tokens[i], t, u);
                double sum = 0;
                for (int y = 0; y < s; y++) {
                  sum += u[y];
                  int[] moved = tokens.clone();
                  moved[i] = y;
                  // mass leaves x at rate u(y) for y != x^i: the diagonal entry u(x^i) = -rate does the same.
                  flow[TokenTable.index(moved, s)] += u[y] * marginal[x];
                }
                assertEquals(0, sum, 1e-12, "velocity rows sum to zero");
              }
            }
            for (int x = 0; x < marginal.length; x++) {
              double derivative = (plus[x] - minus[x]) / (2 * h);
              assertEquals(derivative, flow[x], 1e-8, table + " " + source + " " + scheduler + " t = " + t
                  + " x = " + x);
            }
          }
        }
      }
    }
  }

  @Test
  void rejectsBadInputInOneLine() {
    MixturePath path = path(TokenSource.uniform(), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> path.sample(
        new int[][] {{0, 1}}, new int[][] {{0, 3}}, new double[] {0.5}, Rng.seeded(1)));
    assertEquals("x1[0][1] = 3 lies outside the vocabulary {0, ..., 2}", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TABLE.posterior(path).posterior(new int[][] {{-1, 0}},
        new double[] {0.5}));
    assertEquals("xt[0][0] = -1 lies outside the vocabulary {0, ..., 2}", e.getMessage());

    ConvexScheduler wavy = new ConvexScheduler() {
      @Override
      public double kappa(double t) {
        return t + 0.2 * Math.sin(2 * Math.PI * t);
      }

      @Override
      public double dKappa(double t) {
        return 1 + 0.4 * Math.PI * Math.cos(2 * Math.PI * t);
      }

      @Override
      public String toString() {
        return "kappa = t + 0.2 sin(2 pi t)";
      }
    };
    e = assertThrows(IllegalArgumentException.class, () -> new MixturePath(wavy, TokenSource.mask(), 3));
    assertTrue(e.getMessage().startsWith("path.scheduler: kappa = t + 0.2 sin(2 pi t) is not a convex scheduler"),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
    e = assertThrows(IllegalArgumentException.class,
        () -> new MixturePath(ConvexScheduler.polynomial(0), TokenSource.mask(), 3));
    assertTrue(e.getMessage().endsWith("kappa(0) = 1.0"), e.getMessage());
  }
}
