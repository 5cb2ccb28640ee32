package org.flowmatch.solvers.likelihood;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * v(x, t) = A x + b with a constant, generally non-symmetric A: the flow is x_t = expm(A t) x_0 + A^-1 (expm(A t)
 * - I) b and its divergence is tr(A) everywhere, so log p1(x1) = log p0(x0) - tr(A) in closed form. The
 * vector-Jacobian product is w^T A. Whether the model also states its divergence is a switch, so that both
 * paths of {@link ExactDivergence} are exercised. It counts what is asked of it.
 */
final class LinearVelocityModel implements VelocityModel {
  private final double[][] a;
  private final double[] b;
  private final boolean knowsDivergence;
  final AtomicInteger linearizations = new AtomicInteger();
  final AtomicInteger vjps = new AtomicInteger();
  final AtomicInteger exactDivergences = new AtomicInteger();

  LinearVelocityModel(double[][] a, double[] b, boolean knowsDivergence) {
    this.a = a;
    this.b = b;
    this.knowsDivergence = knowsDivergence;
  }

  LinearVelocityModel(double[][] a, boolean knowsDivergence) {
    this(a, new double[a.length], knowsDivergence);
  }

  /** A random non-symmetric matrix with entries of scale {@code scale}, fixed by {@code seed}. */
  static double[][] randomMatrix(int d, double scale, long seed) {
    Rng rng = Rng.seeded(seed);
    double[][] m = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        m[i][j] = scale * rng.nextGaussian();
      }
    }
    return m;
  }

  double[][] a() {
    return a;
  }

  double[] b() {
    return b;
  }

  double trace() {
    double t = 0;
    for (int i = 0; i < a.length; i++) {
      t += a[i][i];
    }
    return t;
  }

  @Override
  public int dim() {
    return a.length;
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    linearizations.incrementAndGet();
    int d = a.length;
    int n = (int) x.rows();
    double[] xs = NdArrays.toDoubles(x);
    double[] v = new double[n * d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        double sum = b[i];
        for (int j = 0; j < d; j++) {
          sum += a[i][j] * xs[r * d + j];
        }
        v[r * d + i] = sum;
      }
    }
    INDArray velocity = NdArrays.matrix(v, n, d, x.dataType());
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray w) {
        vjps.incrementAndGet();
        double[] ws = NdArrays.toDoubles(w);
        double[] out = new double[n * d];
        for (int r = 0; r < n; r++) {
          for (int j = 0; j < d; j++) {
            double sum = 0;
            for (int i = 0; i < d; i++) {
              sum += ws[r * d + i] * a[i][j];
            }
            out[r * d + j] = sum;
          }
        }
        return NdArrays.matrix(out, n, d, w.dataType());
      }

      @Override
      public Optional<INDArray> exactDivergence() {
        if (!knowsDivergence) {
          return Optional.empty();
        }
        exactDivergences.incrementAndGet();
        return Optional.of(NdArrays.column(trace(), n, x.dataType()));
      }
    };
  }
}
