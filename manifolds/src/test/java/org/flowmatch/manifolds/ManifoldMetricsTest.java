package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch.core.NdArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The geodesic W2 and the distance from the manifold on sets small enough to solve by hand. */
class ManifoldMetricsTest {

  @Test
  void geodesicW2OfTwoPointsPerSetTakesTheCheaperMatching() {
    // on the circle S^1: a = {angle 0, angle pi/2}, b = {angle pi/2 + 0.1, angle -0.2}: matching 0 -> -0.2 and
    // pi/2 -> pi/2 + 0.1 costs (0.04 + 0.01) / 2; the crossed matching costs far more
    var a = NdArrays.matrix(new double[] {1, 0, 0, 1}, 2, 2, DataType.DOUBLE);
    var b = NdArrays.matrix(new double[] {Math.cos(Math.PI / 2 + 0.1), Math.sin(Math.PI / 2 + 0.1),
        Math.cos(-0.2), Math.sin(-0.2)}, 2, 2, DataType.DOUBLE);
    assertEquals(Math.sqrt((0.04 + 0.01) / 2), ManifoldMetrics.geodesicW2(new Sphere(), a, b), 1e-14);
  }

  @Test
  void onTheTorusTheCostWrapsAroundTheSeam() {
    var a = NdArrays.matrix(new double[] {0.1, 3}, 2, 1, DataType.DOUBLE);
    var b = NdArrays.matrix(new double[] {3.2, 2 * Math.PI - 0.2}, 2, 1, DataType.DOUBLE);
    // 0.1 -> 2 pi - 0.2 is 0.3 across the seam; 3 -> 3.2 is 0.2
    assertEquals(Math.sqrt((0.09 + 0.04) / 2), ManifoldMetrics.geodesicW2(new FlatTorus(), a, b), 1e-14);
  }

  @Test
  void distanceFromTheSphereIsTheNormsGap() {
    var x = NdArrays.matrix(new double[] {0, 0, 1.5, 0.6, 0.8, 0}, 2, 3, DataType.DOUBLE);
    double[] off = ManifoldMetrics.offManifold(new Sphere(), x);
    assertEquals(0.5, off[0], 1e-15);
    assertEquals(0.25, off[1], 1e-15);
  }
}
