package org.flowmatch.manifolds;

import java.util.Arrays;
import org.flowmatch.core.NdArrays;
import org.flowmatch.models.ot.LinearAssignment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well samples on a manifold match data: the exact geodesic 2-Wasserstein distance, and how far the samples
 * lie from the manifold at all.
 */
public final class ManifoldMetrics {
  private ManifoldMetrics() {}

  /**
   * sqrt(min over permutations s of (1/n) sum_i d(a_i, b_s(i))^2) with d the geodesic distance: the exact W2 of
   * two uniform empirical measures of n points each (an optimal plan between them is a permutation), solved by
   * {@link LinearAssignment} on the squared geodesic costs. Both sets are projected onto the manifold first, so
   * that the distance is the manifold's even for samples that drifted off it (which {@link #offManifold} reports).
   */
  public static double geodesicW2(Manifold m, INDArray a, INDArray b) {
    if (a.rows() != b.rows() || a.columns() != b.columns()) {
      throw new IllegalArgumentException("the two sets must have the same shape for an exact matching, got "
          + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
    }
    int n = (int) a.rows();
    int d = (int) a.columns();
    double[] x = NdArrays.toDoubles(Rows.projectPoints(m, a));
    double[] y = NdArrays.toDoubles(Rows.projectPoints(m, b));
    double[] cost = new double[Math.multiplyExact(n, n)];
    double[] p = new double[d];
    double[] q = new double[d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * d, p, 0, d);
      for (int j = 0; j < n; j++) {
        System.arraycopy(y, j * d, q, 0, d);
        double g = m.distance(p, q);
        cost[i * n + j] = g * g;
      }
    }
    return Math.sqrt(LinearAssignment.solve(cost, n).cost() / n);
  }

  /** The largest and the mean distance of the rows of {@code x} from the manifold. */
  public static double[] offManifold(Manifold m, INDArray x) {
    double[] off = Rows.offManifold(m, x);
    return new double[] {Arrays.stream(off).max().orElse(0), Arrays.stream(off).average().orElse(0)};
  }
}
