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
        double[] p = new double[v];
        double total = 0;
        for (int r = 0; r < x1.length; r++) {
          for (int i = 0; i < length; i++) {
            int offset = (r * length + i) * v;
            int a = x1[r][i];
            total -= logits[offset + a] - softmax(logits, offset, v, p, 0);
            for (int y = 0; y < v; y++) {
              gradient[offset + y] = scale * (p[y] - (y == a ? 1 : 0));
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
        double[] p = new double[v];
        double total = 0;
        for (int r = 0; r < x1.length; r++) {
          double rate = path.scheduler().rate(t[r]);
          for (int i = 0; i < length; i++) {
            int offset = (r * length + i) * v;
            double logNorm = softmax(logits, offset, v, p, 0);
            int z = xt[r][i];
            int a = x1[r][i];
            boolean same = z == a;
            double pz = z < v ? p[z] : 0;
            total -= rate * (pz - (same ? 1 : 0) + (same ? 0 : logits[offset + a] - logNorm));
            for (int y = 0; y < v; y++) {
              double g = (z < v ? pz * ((y == z ? 1 : 0) - p[y]) : 0) + (same ? 0 : (y == a ? 1 : 0) - p[y]);
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

  /**
   * softmax of {@code logits[offset .. offset + v)} into {@code out[outOffset ..]} with one exp per entry; returns
   * the log of the normaliser, so that log p(y) = logits[offset + y] minus it.
   */
  static double softmax(double[] logits, int offset, int v, double[] out, int outOffset) {
    double max = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < v; y++) {
      max = Math.max(max, logits[offset + y]);
    }
    double sum = 0;
    for (int y = 0; y < v; y++) {
      double e = Math.exp(logits[offset + y] - max);
      out[outOffset + y] = e;
      sum += e;
    }
    double scale = 1 / sum;
    for (int y = 0; y < v; y++) {
      out[outOffset + y] *= scale;
    }
    return max + Math.log(sum);
  }
}
