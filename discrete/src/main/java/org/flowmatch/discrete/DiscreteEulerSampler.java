package org.flowmatch.discrete;

import java.util.Arrays;
import org.flowmatch.core.Rng;

/**
 * The Euler sampler of the CTMC of a mixture path (Gat et al., 2024; flow_matching's MixtureDiscreteEulerSolver).
 * On a step from t to t + h every token i independently jumps with probability 1 - exp(-h lambda), where
 * lambda = sum over y != x_t^i of u_t(y) = kappa'_t / (1 - kappa_t) (1 - p(x1^i = x_t^i | x_t)) is its jump rate,
 * to a token drawn from the jump distribution u_t(y) / lambda (y != x_t^i), that is the posterior without the
 * current token. The step that reaches t = 1, where the rate is infinite, draws every token from the posterior
 * itself, so that no mass is left on the source (no mask survives).
 *
 * <p>Each step is a per-token transition distribution ({@link #transition}); the sampler draws one uniform per
 * token from it, row by row, position by position, and {@link #propagate} pushes a whole distribution through the
 * same transitions, which gives the exact output law of the sampler for small state spaces.
 */
public final class DiscreteEulerSampler {
  private final double[] grid;

  private DiscreteEulerSampler(double[] grid) {
    this.grid = grid;
  }

  /** {@code steps} equal steps from 0 to 1. */
  public static DiscreteEulerSampler steps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("sampler.steps must be at least 1, got " + steps);
    }
    double[] grid = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      grid[k] = (double) k / steps;
    }
    return new DiscreteEulerSampler(grid);
  }

  /** Steps of size h from 0; the last one is shortened to end at 1. */
  public static DiscreteEulerSampler stepSize(double h) {
    if (!(h > 0 && h <= 1)) {
      throw new IllegalArgumentException("sampler.step_size must lie in (0, 1], got " + h);
    }
    int steps = (int) Math.ceil(1 / h - 1e-9);
    double[] grid = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      grid[k] = Math.min(1, k * h);
    }
    grid[steps] = 1;
    return new DiscreteEulerSampler(grid);
  }

  /** An explicit time grid: strictly increasing, in [0, 1]; it need not start at 0 or end at 1. */
  public static DiscreteEulerSampler grid(double[] times) {
    if (times.length < 2) {
      throw new IllegalArgumentException("sampler.time_grid needs at least 2 times, got " + times.length);
    }
    for (int k = 0; k < times.length; k++) {
      if (!(times[k] >= 0 && times[k] <= 1) || (k > 0 && !(times[k] > times[k - 1]))) {
        throw new IllegalArgumentException("sampler.time_grid must increase strictly within [0, 1]; entry " + k
            + " is " + times[k] + (k > 0 ? " after " + times[k - 1] : ""));
      }
    }
    return new DiscreteEulerSampler(times.clone());
  }

  /** The time grid (a copy). */
  public double[] grid() {
    return grid.clone();
  }

  /** Told of the state at every time of the grid, the first included (a copy it may keep). */
  @FunctionalInterface
  public interface Observer {
    void at(double t, int[][] xt);
  }

  /** Runs the chain from {@code x0} over the grid; {@code x0} is not changed. */
  public int[][] sample(Posterior model, MixturePath path, int[][] x0, Rng rng, Observer observer) {
    int length = model.length();
    int vocabulary = path.vocabulary();
    int symbols = path.symbols();
    if (model.vocabulary() != vocabulary) {
      throw new IllegalArgumentException("the model's vocabulary (" + model.vocabulary() + ") differs from the "
          + "path's (" + vocabulary + ")");
    }
    int[][] x = Tokens.copy(Tokens.check(x0, "x0", -1, length, symbols));
    if (observer != null) {
      observer.at(grid[0], Tokens.copy(x));
    }
    double[] kernel = new double[symbols];
    double[] times = new double[x.length];
    for (int k = 0; k + 1 < grid.length; k++) {
      double t = grid[k];
      double h = grid[k + 1] - t;
      Arrays.fill(times, t);
      double[][] posterior = model.posterior(x, times);
      for (int r = 0; r < x.length; r++) {
        for (int i = 0; i < length; i++) {
          transition(path, posterior[r], i * vocabulary, x[r][i], t, h, kernel);
          x[r][i] = draw(kernel, rng.nextDouble());
        }
      }
      if (observer != null) {
        observer.at(grid[k + 1], Tokens.copy(x));
      }
    }
    return x;
  }

  /**
   * The law of the next symbol of one token: {@code out[y]} over the path's symbols, from the posterior block at
   * {@code offset}, the current symbol z, the time t and the step h (the step to t + h = 1 returns the posterior).
   */
  public static void transition(MixturePath path, double[] posterior, int offset, int z, double t, double h,
      double[] out) {
    int vocabulary = path.vocabulary();
    int symbols = path.symbols();
    if (t + h >= 1) {
      for (int y = 0; y < symbols; y++) {
        out[y] = y < vocabulary ? posterior[offset + y] : 0;
      }
      return;
    }
    double stay = z < vocabulary ? posterior[offset + z] : 0;
    double away = 1 - stay;
    double lambda = path.scheduler().rate(t) * away;
    double jump = -Math.expm1(-h * lambda);
    for (int y = 0; y < symbols; y++) {
      out[y] = y == z || y >= vocabulary || away <= 0 ? 0 : jump * posterior[offset + y] / away;
    }
    out[z] += 1 - (away <= 0 ? 0 : jump);
  }

  /** The symbol at which the cumulative sum of {@code p} first exceeds u (the last positive one on round-off). */
  static int draw(double[] p, double u) {
    double sum = 0;
    int last = 0;
    for (int y = 0; y < p.length; y++) {
      if (p[y] > 0) {
        sum += p[y];
        last = y;
        if (u < sum) {
          return y;
        }
      }
    }
    return last;
  }

  /**
   * The exact law of the sampler's output: {@code initial} over the symbols^D states (index as in
   * {@link TokenTable#index}) pushed through every step's transitions. It enumerates states, so it is for small
   * V^D (tests, oracles).
   */
  public double[] propagate(Posterior model, MixturePath path, double[] initial) {
    int length = model.length();
    int vocabulary = path.vocabulary();
    int symbols = path.symbols();
    int states = initial.length;
    double[] law = initial.clone();
    double[][] kernels = new double[length][symbols];
    int[][] tokens = new int[states][];
    for (int s = 0; s < states; s++) {
      tokens[s] = TokenTable.tokens(s, length, symbols);
    }
    for (int k = 0; k + 1 < grid.length; k++) {
      double t = grid[k];
      double h = grid[k + 1] - t;
      double[] next = new double[states];
      for (int s = 0; s < states; s++) {
        if (law[s] == 0) {
          continue;
        }
        int[] x = tokens[s];
        double[] posterior = model.posterior(new int[][] {x}, new double[] {t})[0];
        for (int i = 0; i < length; i++) {
          transition(path, posterior, i * vocabulary, x[i], t, h, kernels[i]);
        }
        for (int s2 = 0; s2 < states; s2++) {
          int[] y = tokens[s2];
          double w = law[s];
          for (int i = 0; i < length && w != 0; i++) {
            w *= kernels[i][y[i]];
          }
          next[s2] += w;
        }
      }
      law = next;
    }
    return law;
  }

  @Override
  public String toString() {
    return "discrete Euler (" + (grid.length - 1) + " steps on [" + grid[0] + ", " + grid[grid.length - 1] + "])";
  }
}
