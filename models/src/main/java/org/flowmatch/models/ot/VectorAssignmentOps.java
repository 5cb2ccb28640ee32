package org.flowmatch.models.ot;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AssignmentOps} on the JDK's Vector API: the same operations per element as {@link ScalarAssignmentOps}
 * (and so the same results), several columns per instruction. Loaded only by reflection from
 * {@link AssignmentOps#best()}, so that a JVM without {@code --add-modules jdk.incubator.vector} never links it.
 *
 * <p>Updates are blends, not masked stores (JDK 17 does not compile masked stores to one instruction). Column
 * indices travel in double lanes (exact below 2^53), so that one species serves values and indices. Lane results
 * are merged by (value, index), which makes them independent of the vector width.
 */
final class VectorAssignmentOps implements AssignmentOps {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final double INF = Double.POSITIVE_INFINITY;

  @Override
  public int relax(double[] c, int base, double[] v, double h, double[] d, double[] pred, double row, int n) {
    DoubleVector hv = DoubleVector.broadcast(S, h);
    DoubleVector rowv = DoubleVector.broadcast(S, row);
    DoubleVector minv = DoubleVector.broadcast(S, INF);
    DoubleVector firstv = DoubleVector.broadcast(S, -1);
    DoubleVector index = DoubleVector.broadcast(S, 0).addIndex(1);
    DoubleVector step = DoubleVector.broadcast(S, L);
    int bound = S.loopBound(n);
    int j = 0;
    for (; j < bound; j += L) {
      DoubleVector r = DoubleVector.fromArray(S, c, base + j).sub(DoubleVector.fromArray(S, v, j)).sub(hv);
      DoubleVector dj = DoubleVector.fromArray(S, d, j);
      VectorMask<Double> lower = r.lt(dj);
      dj = dj.blend(r, lower);
      dj.intoArray(d, j);
      DoubleVector.fromArray(S, pred, j).blend(rowv, lower).intoArray(pred, j);
      // Each lane keeps the first of its columns at its least distance.
      VectorMask<Double> less = dj.lt(minv);
      minv = minv.blend(dj, less);
      firstv = firstv.blend(index, less);
      index = index.add(step);
    }
    // Only compared below, so the sign of a zero minimum does not matter.
    double min = minv.reduceLanes(VectorOperators.MIN);
    int first = -1;
    if (min < INF) {
      // The first column among the lanes at the least distance (-0 and +0 tie, as with <).
      first = (int) firstv.blend(INF, minv.eq(min).not()).reduceLanes(VectorOperators.MIN);
    }
    return ScalarAssignmentOps.relaxFrom(c, base, v, h, d, pred, row, j, n, min, first);
  }

  @Override
  public int nearest(double[] d, int[] y, int first, int n) {
    if (y[first] < 0) {
      return first;
    }
    double min = d[first];
    int j = first + 1;
    for (; j <= n - L; j += L) {
      if (DoubleVector.fromArray(S, d, j).eq(min).anyTrue()) {
        for (int k = j; k < j + L; k++) {
          if (d[k] == min && y[k] < 0) {
            return k;
          }
        }
      }
    }
    return ScalarAssignmentOps.freeTie(d, y, first, j, n);
  }

  @Override
  public void twoSmallest(double[] c, int base, double[] v, int n, double[] out) {
    DoubleVector m1 = DoubleVector.broadcast(S, INF);
    DoubleVector m2 = m1;
    DoubleVector i1 = DoubleVector.broadcast(S, -1);
    DoubleVector i2 = i1;
    DoubleVector index = DoubleVector.broadcast(S, 0).addIndex(1);
    DoubleVector step = DoubleVector.broadcast(S, L);
    int bound = S.loopBound(n);
    int j = 0;
    for (; j < bound; j += L) {
      DoubleVector h = DoubleVector.fromArray(S, c, base + j).sub(DoubleVector.fromArray(S, v, j));
      VectorMask<Double> lt1 = h.lt(m1);
      VectorMask<Double> lt2 = h.lt(m2);
      // Each lane keeps its two smallest in (value, index) order; it sees its columns in increasing order.
      m2 = m2.blend(h, lt2).blend(m1, lt1);
      i2 = i2.blend(index, lt2).blend(i1, lt1);
      m1 = m1.blend(h, lt1);
      i1 = i1.blend(index, lt1);
      index = index.add(step);
    }
    double[] values = new double[2 * L];
    double[] indices = new double[2 * L];
    m1.intoArray(values, 0);
    m2.intoArray(values, L);
    i1.intoArray(indices, 0);
    i2.intoArray(indices, L);
    double umin = INF;
    int j1 = -1;
    double usubmin = INF;
    int j2 = -1;
    for (int k = 0; k < 2 * L + n - j; k++) {
      double value;
      int col;
      if (k < 2 * L) {
        value = values[k];
        col = (int) indices[k];
        if (col < 0) {
          continue;
        }
      } else {
        col = j + k - 2 * L;
        value = c[base + col] - v[col];
      }
      if (value < umin || (value == umin && col < j1)) {
        usubmin = umin;
        j2 = j1;
        umin = value;
        j1 = col;
      } else if (value < usubmin || (value == usubmin && (j2 < 0 || col < j2))) {
        usubmin = value;
        j2 = col;
      }
    }
    out[0] = umin;
    out[1] = j1;
    out[2] = usubmin;
    out[3] = j2;
  }

  @Override
  public void lowerPrices(double[] c, int base, double u, double[] prices, int n) {
    DoubleVector uv = DoubleVector.broadcast(S, u);
    int bound = S.loopBound(n);
    int j = 0;
    for (; j < bound; j += L) {
      DoubleVector p = DoubleVector.fromArray(S, prices, j);
      DoubleVector r = DoubleVector.fromArray(S, c, base + j).sub(uv);
      p.blend(r, r.lt(p)).intoArray(prices, j);
    }
    ScalarAssignmentOps.lowerPricesFrom(c, base, u, prices, j, n);
  }

  @Override
  public void squaredDistanceRow(double[] a, int aOff, double[] bt, int n, int d, double[] cost, int off) {
    int bound = S.loopBound(n);
    int j = 0;
    for (; j < bound; j += L) {
      DoubleVector sum = DoubleVector.zero(S);
      for (int k = 0; k < d; k++) {
        DoubleVector diff = DoubleVector.broadcast(S, a[aOff + k]).sub(DoubleVector.fromArray(S, bt, k * n + j));
        sum = sum.add(diff.mul(diff));
      }
      sum.intoArray(cost, off + j);
    }
    ScalarAssignmentOps.squaredDistancesFrom(a, aOff, bt, n, d, cost, off, j);
  }
}
