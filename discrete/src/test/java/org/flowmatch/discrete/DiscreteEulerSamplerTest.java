package org.flowmatch.discrete;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/**
 * The discrete Euler sampler driven by the exact posterior of a table: its exact output law (the same transitions
 * pushed through the whole state space) converges to the table at first order in the step, and its samples pass a
 * chi-square test against that law and, at a fine step, against the table.
 */
class DiscreteEulerSamplerTest {
  static final TokenTable TABLE = MixturePathTest.TABLE;
  static final TokenTable PRODUCT = TokenTable.product(new double[][] {{1, 2, 3, 4}, {6, 1, 1, 2}, {1, 1, 1, 5}});

  static double[] sourceLaw(MixturePath path, int length) {
    int s = path.symbols();
    double[] law = new double[(int) Math.pow(s, length)];
    for (int k = 0; k < law.length; k++) {
      double w = 1;
      for (int z : TokenTable.tokens(k, length, s)) {
        w *= path.source().probability(z, path.vocabulary());
      }
      law[k] = w;
    }
    return law;
  }

  /** The table as a law over the path's symbols^D states (zero wherever a mask is left). */
  static double[] tableLaw(TokenTable table, MixturePath path) {
    int s = path.symbols();
    double[] law = new double[(int) Math.pow(s, table.length())];
    for (int k = 0; k < table.size(); k++) {
      law[TokenTable.index(TokenTable.tokens(k, table.length(), table.vocabulary()), s)] = table.probability(k);
    }
    return law;
  }

  static double tv(double[] p, double[] q) {
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      sum += Math.abs(p[k] - q[k]);
    }
    return sum / 2;
  }

  /**
   * TV(law of the sampler with n steps, table) for n = 4 .. 1024: the slope of log TV against log h, over the last
   * four halvings, lies within [0.85, 1.1] (first order), and TV falls below 2e-3 by 1024 steps.
   */
  @Test
  void totalVariationShrinksAtFirstOrder() {
    for (DiscreteEulerSampler.Jump jump : DiscreteEulerSampler.Jump.values()) {
      for (TokenTable table : new TokenTable[] {TABLE, PRODUCT}) {
        for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
          firstOrder(jump, table, source);
        }
      }
    }
  }

  private static void firstOrder(DiscreteEulerSampler.Jump jump, TokenTable table, TokenSource source) {
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), source, table.vocabulary());
    Posterior oracle = table.posterior(path);
    double[] target = tableLaw(table, path);
    int[] steps = {4, 8, 16, 32, 64, 128, 256, 512, 1024};
    double[] tv = new double[steps.length];
    StringBuilder line = new StringBuilder(jump.configName() + ", " + table + ", " + source + ": TV");
    for (int k = 0; k < steps.length; k++) {
      double[] law = DiscreteEulerSampler.steps(steps[k]).withJump(jump).propagate(oracle, path,
          sourceLaw(path, table.length()));
      tv[k] = tv(law, target);
      line.append(String.format(" n=%d %.3e", steps[k], tv[k]));
      assertEquals(1, java.util.Arrays.stream(law).sum(), 1e-12);
      assertEquals(0, massOnMask(law, path, table.length()), 0, "mass left on the mask");
    }
    double order = Math.log(tv[steps.length - 5] / tv[steps.length - 1]) / Math.log(16);
    line.append(String.format(" order %.3f", order));
    System.out.println(line);
    if (table == PRODUCT && source.toString().equals("mask")) {
      // Independent positions from a mask: each token unmasks once, to its marginal, at any step.
      assertTrue(tv[steps.length - 1] < 1e-13 && tv[0] < 1e-13, line.toString());
      return;
    }
    // total-rate takes the first jump of the frozen chain exactly, even in the last steps where h kappa'/(1 - kappa)
    // is of order 1; draw-then-jump does not, and approaches order 1 more slowly (uniform source: 0.81 and 0.72
    // over 64 -> 1024 on the joint and the product table, local orders rising towards 1 per halving; its TV at 1024
    // steps is 1.2 and 4 times total-rate's).
    boolean totalRate = jump == DiscreteEulerSampler.Jump.TOTAL_RATE;
    assertTrue(order > (totalRate ? 0.85 : 0.7) && order < 1.1, line.toString());
    assertTrue(tv[steps.length - 1] < (totalRate ? 2e-3 : 3e-3), line.toString());
  }

  private static double massOnMask(double[] law, MixturePath path, int length) {
    double mass = 0;
    for (int k = 0; k < law.length; k++) {
      for (int z : TokenTable.tokens(k, length, path.symbols())) {
        if (z >= path.vocabulary()) {
          mass += law[k];
          break;
        }
      }
    }
    return mass;
  }

  /**
   * 40 000 samples with 8 steps against the sampler's exact law with 8 steps, and 20 000 samples with 512 steps
   * (exact TV to a positive table below 5e-3) against that table: chi-square p-values above the significance 0.001, seed 7.
   */
  @Test
  void samplesPassChiSquare() {
    for (TokenSource source : new TokenSource[] {TokenSource.uniform(), TokenSource.mask()}) {
      MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), source, 3);
      Posterior oracle = TABLE.posterior(path);
      Rng rng = Rng.seeded(7);
      DiscreteEulerSampler coarse = DiscreteEulerSampler.steps(8);
      int[][] x0 = source.sample(40_000, 2, 3, rng);
      int[][] samples = coarse.sample(oracle, path, x0, rng, null);
      double[] law = coarse.propagate(oracle, path, sourceLaw(path, 2));
      double p = ChiSquare.pValue(samples, path.symbols(), law);
      assertTrue(p > 0.001, source + ", 8 steps against its exact law: p = " + p);

      // The last step draws the tokens independently, so a table with empty cells gets a little mass there at
      // any step; a positive table lets the test see only the O(h) bias.
      TokenTable positive = TokenTable.grid(new double[][] {{4, 1, 1}, {1, 3, 1}, {1, 2, 5}});
      oracle = positive.posterior(path);
      DiscreteEulerSampler fine = DiscreteEulerSampler.steps(512);
      double[] target = tableLaw(positive, path);
      double fineTv = tv(fine.propagate(oracle, path, sourceLaw(path, 2)), target);
      assertTrue(fineTv < 5e-3, source + ": TV with 512 steps " + fineTv);
      int[][] x1 = fine.sample(oracle, path, source.sample(20_000, 2, 3, rng), rng, null);
      p = ChiSquare.pValue(x1, path.symbols(), target);
      assertTrue(p > 0.001, source + ", 512 steps against the table: p = " + p);
    }
  }

  /** Same seed, same samples; the observer sees every grid time; a step size ends the grid at 1. */
  @Test
  void reproducibleAndObservable() {
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), TokenSource.mask(), 3);
    Posterior oracle = TABLE.posterior(path);
    DiscreteEulerSampler sampler = DiscreteEulerSampler.stepSize(0.3);
    assertArrayEquals(new double[] {0, 0.3, 0.6, 0.8999999999999999, 1}, sampler.grid(), 1e-15);
    java.util.List<Double> times = new java.util.ArrayList<>();
    int[][] a = sampler.sample(oracle, path, TokenSource.mask().sample(100, 2, 3, null), Rng.seeded(3),
        (t, x) -> times.add(t));
    int[][] b = sampler.sample(oracle, path, TokenSource.mask().sample(100, 2, 3, null), Rng.seeded(3), null);
    for (int r = 0; r < a.length; r++) {
      assertArrayEquals(a[r], b[r]);
      assertTrue(a[r][0] < 3 && a[r][1] < 3, "no mask left at t = 1");
    }
    assertEquals(java.util.List.of(0.0, 0.3, 0.6, 0.8999999999999999, 1.0), times);
  }

  @Test
  void rejectsBadGridsAndTokens() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DiscreteEulerSampler.grid(new double[] {0, 0.5, 0.4, 1}));
    assertEquals("sampler.time_grid must increase strictly within [0, 1]; entry 2 is 0.4 after 0.5", e.getMessage());
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), TokenSource.uniform(), 3);
    e = assertThrows(IllegalArgumentException.class, () -> DiscreteEulerSampler.steps(4)
        .sample(TABLE.posterior(path), path, new int[][] {{0, 3}}, Rng.seeded(1), null));
    assertEquals("x0[0][1] = 3 lies outside the vocabulary {0, ..., 2}", e.getMessage());
  }

  /**
   * The same posterior gives the same law as flow_matching's MixtureDiscreteEulerSolver: 400,000 samples of its own
   * solver (flow-matching-sampler.txt, written by experiments/bench/fixtures/discrete_sampler.py from the 3 x 3
   * table's exact posterior: kappa = t^2 with 4 steps for both sources, and kappa = t on the uneven grid 0, .3, .6,
   * .8, .9, 1) fit the exact law of {@code draw-then-jump} (chi-square p > 0.001). On the uneven grid the
   * {@code total-rate} law, 0.008 away in TV, is rejected (p < 1e-6): the test can tell the two apart. (With the
   * mask source the two laws are one: a masked token has p(z) = 0.)
   */
  @Test
  void drawThenJumpIsFlowMatchingsLaw() throws java.io.IOException {
    String text;
    try (java.io.InputStream in = getClass().getResourceAsStream("flow-matching-sampler.txt")) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    for (String line : text.trim().split("\n")) {
      String[] parts = line.split(" ");
      TokenSource source = parts[0].equals("mask") ? TokenSource.mask() : TokenSource.uniform();
      MixturePath path = new MixturePath(ConvexScheduler.polynomial(Double.parseDouble(parts[1])), source, 3);
      DiscreteEulerSampler sampler = DiscreteEulerSampler.grid(java.util.Arrays.stream(parts[2].split(","))
          .mapToDouble(Double::parseDouble).toArray()).withJump(DiscreteEulerSampler.Jump.DRAW_THEN_JUMP);
      long[] counts = new long[parts.length - 4];
      for (int k = 0; k < counts.length; k++) {
        counts[k] = Long.parseLong(parts[k + 4]);
      }
      double[] initial = sourceLaw(path, 2);
      double same = ChiSquare.pValue(counts, sampler.propagate(TABLE.posterior(path), path, initial));
      double other = ChiSquare.pValue(counts, sampler.withJump(DiscreteEulerSampler.Jump.TOTAL_RATE)
          .propagate(TABLE.posterior(path), path, initial));
      System.out.printf("flow_matching's sampler, %s: p = %.3g against draw-then-jump, %.3g against total-rate%n",
          line.substring(0, line.indexOf(' ', line.indexOf(' ', line.indexOf(' ') + 1) + 1)), same, other);
      assertTrue(same > 0.001, line + ": p = " + same);
      if (parts[1].equals("1")) {
        assertTrue(other < 1e-6, "total-rate should be rejected, p = " + other);
      }
    }
  }
}
