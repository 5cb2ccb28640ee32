package org.flowmatch.discrete;

/**
 * A training loss of the factorized posterior, on the logits of a batch: {@code logits} is {@code [n * D * V]}
 * (row-major, then position-major), and the loss is the mean over the n D tokens.
 */
public interface DiscreteLoss {

  /** The mean loss; writes d loss / d logits into {@code gradient} (same layout as {@code logits}). */
  double evaluate(double[] logits, int[][] x1, int[][] xt, double[] t, MixturePath path, double[] gradient);

  /** -log p(x1^i | x_t): the cross-entropy of the posterior. */
  static DiscreteLoss crossEntropy() {
    return new DiscreteLoss() {
      @Override
      public double evaluate(double[] logits, int[][] x1, int[][] xt, double[] t, MixturePath path,
          double[] gradient) {
        int v = path.vocabulary();
        int length = x1[0].length;
        double scale = 1.0 / (x1.length * length);
        double[] logp = new double[v];
        double total = 0;
        for (int r = 0; r < x1.length; r++) {
          for (int i = 0; i < length; i++) {
            int offset = (r * length + i) * v;
            logSoftmax(logits, offset, v, logp);
            total -= logp[x1[r][i]];
            for (int y = 0; y < v; y++) {
              gradient[offset + y] = scale * (Math.exp(logp[y]) - (y == x1[r][i] ? 1 : 0));
            }
          }
        }
        return total * scale;
      }

      @Override
      public String toString() {
        return "cross-entropy";
      }
    };
  }

  /**
   * flow_matching's MixturePathGeneralizedKL: per token
   * -kappa'/(1 - kappa) (p(x_t^i | x_t) - [x1^i = x_t^i] + [x1^i != x_t^i] log p(x1^i | x_t)), the generalized KL
   * between the conditional and the model's CTMC velocities (zero when the posterior is exact and x_t^i = x1^i).
   * p(x_t^i | x_t) is 0 for the mask symbol.
   */
  static DiscreteLoss generalizedKl() {
    return new DiscreteLoss() {
      @Override
      public double evaluate(double[] logits, int[][] x1, int[][] xt, double[] t, MixturePath path,
          double[] gradient) {
        int v = path.vocabulary();
        int length = x1[0].length;
        double scale = 1.0 / (x1.length * length);
        double[] logp = new double[v];
        double total = 0;
        for (int r = 0; r < x1.length; r++) {
          double rate = path.scheduler().rate(t[r]);
          for (int i = 0; i < length; i++) {
            int offset = (r * length + i) * v;
            logSoftmax(logits, offset, v, logp);
            int z = xt[r][i];
            int a = x1[r][i];
            boolean same = z == a;
            double pz = z < v ? Math.exp(logp[z]) : 0;
            total -= rate * (pz - (same ? 1 : 0) + (same ? 0 : logp[a]));
            for (int y = 0; y < v; y++) {
              double p = Math.exp(logp[y]);
              double g = (z < v ? pz * ((y == z ? 1 : 0) - p) : 0) + (same ? 0 : (y == a ? 1 : 0) - p);
              gradient[offset + y] = -scale * rate * g;
            }
          }
        }
        return total * scale;
      }

      @Override
      public String toString() {
        return "generalized KL";
      }
    };
  }

  /** log softmax of {@code logits[offset .. offset + v)} into {@code out}. */
  static void logSoftmax(double[] logits, int offset, int v, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < v; y++) {
      max = Math.max(max, logits[offset + y]);
    }
    double sum = 0;
    for (int y = 0; y < v; y++) {
      sum += Math.exp(logits[offset + y] - max);
    }
    double log = max + Math.log(sum);
    for (int y = 0; y < v; y++) {
      out[y] = logits[offset + y] - log;
    }
  }
}
