package org.flowmatch.manifolds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The pieces of every manifold against exact oracles: exp and log inverse to each other to 1e-12, log tangent and
 * as long as the distance, hand-computed distances, projections idempotent, and points off the manifold rejected
 * in one line.
 */
class ManifoldTest {
  private static final double TOL = 1e-12;

  /** A manifold, its ambient width, and how to draw a point and a tangent vector of length below pi. */
  record Case(Manifold manifold, int dim) {
    double[] point(Rng rng) {
      double[] x = new double[dim];
      for (int i = 0; i < dim; i++) {
        x[i] = manifold instanceof FlatTorus ? 2 * Math.PI * rng.nextDouble() : rng.nextGaussian();
      }
      manifold.projectPoint(x, x);
      return x;
    }

    /** A tangent vector at x of length at most 3 (inside the injectivity radius pi of the sphere and torus). */
    double[] tangent(double[] x, Rng rng) {
      double[] u = new double[dim];
      for (int i = 0; i < dim; i++) {
        u[i] = rng.nextGaussian();
      }
      manifold.projectTangent(x, u, u);
      double n = Sphere.norm(u);
      double target = 3 * rng.nextDouble() / Math.sqrt(manifold instanceof FlatTorus ? dim : 1);
      for (int i = 0; i < dim; i++) {
        u[i] *= target / n;
      }
      return u;
    }

    @Override
    public String toString() {
      return manifold.name() + " in R^" + dim;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(new Case(new Sphere(), 2), new Case(new Sphere(), 3), new Case(new Sphere(), 6),
        new Case(new FlatTorus(), 1), new Case(new FlatTorus(), 2), new Case(new FlatTorus(), 4),
        new Case(new Euclidean(), 3)).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void logInvertsExpAndExpInvertsLog(Case c) {
    Rng rng = Rng.seeded(1);
    Manifold m = c.manifold();
    double worst = 0;
    for (int k = 0; k < 500; k++) {
      double[] x = c.point(rng);
      double[] u = c.tangent(x, rng);
      double[] y = new double[c.dim()];
      double[] back = new double[c.dim()];
      m.exp(x, u, y);
      assertTrue(m.offManifold(y) < TOL, "exp lands on the manifold");
      m.log(x, y, back);
      for (int i = 0; i < c.dim(); i++) {
        worst = Math.max(worst, Math.abs(back[i] - u[i]));
      }
      double[] z = c.point(rng);
      double[] v = new double[c.dim()];
      double[] again = new double[c.dim()];
      m.log(x, z, v);
      m.exp(x, v, again);
      worst = Math.max(worst, m.distance(again, z));
      // log is tangent and as long as the distance
      double[] projected = new double[c.dim()];
      m.projectTangent(x, v, projected);
      for (int i = 0; i < c.dim(); i++) {
        assertEquals(v[i], projected[i], TOL, "log_x(z) is tangent at x");
      }
      assertEquals(m.distance(x, z), Sphere.norm(v), TOL, "|log_x(z)| = d(x, z)");
      assertEquals(m.distance(x, z), m.distance(z, x), TOL, "d is symmetric");
    }
    System.out.printf("%s: worst exp/log round trip %.2e%n", c, worst);
    assertTrue(worst < TOL, c + ": worst exp/log round trip " + worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void projectionsAreIdempotentAndTangentProjectionIsSymmetric(Case c) {
    Rng rng = Rng.seeded(2);
    Manifold m = c.manifold();
    double[] x = c.point(rng);
    double[] again = x.clone();
    m.projectPoint(again, again);
    for (int i = 0; i < c.dim(); i++) {
      assertEquals(x[i], again[i], 1e-15);
    }
    double[] a = new double[c.dim()];
    double[] b = new double[c.dim()];
    for (int i = 0; i < c.dim(); i++) {
      a[i] = rng.nextGaussian();
      b[i] = rng.nextGaussian();
    }
    double[] pa = new double[c.dim()];
    double[] pb = new double[c.dim()];
    m.projectTangent(x, a, pa);
    m.projectTangent(x, b, pb);
    // <P a, b> = <a, P b>: the adjoint the tangent model's backward pass relies on
    assertEquals(Sphere.dot(pa, b), Sphere.dot(a, pb), 1e-14);
    double[] ppa = new double[c.dim()];
    m.projectTangent(x, pa, ppa);
    for (int i = 0; i < c.dim(); i++) {
      assertEquals(pa[i], ppa[i], 1e-15);
    }
  }

  @Test
  void sphereDistancesByHand() {
    Sphere s = new Sphere();
    assertEquals(Math.PI / 2, s.distance(new double[] {1, 0, 0}, new double[] {0, 1, 0}), 1e-15);
    assertEquals(Math.PI, s.distance(new double[] {0, 0, 1}, new double[] {0, 0, -1}), 1e-15);
    double eps = 1e-9;
    assertEquals(eps, s.distance(new double[] {1, 0}, new double[] {Math.cos(eps), Math.sin(eps)}), 1e-22);
    assertEquals(Math.PI / 3, s.distance(new double[] {1, 0}, new double[] {0.5, Math.sqrt(3) / 2}), 1e-15);
    // exp of a quarter turn from the north pole along x reaches (1, 0, 0)
    double[] out = new double[3];
    s.exp(new double[] {0, 0, 1}, new double[] {Math.PI / 2, 0, 0}, out);
    assertEquals(1, out[0], 1e-15);
    assertEquals(0, out[2], 1e-15);
  }

  @Test
  void torusDistancesWrapAround() {
    FlatTorus t = new FlatTorus();
    assertEquals(0.3, t.distance(new double[] {0.1}, new double[] {2 * Math.PI - 0.2}), 1e-14);
    assertEquals(0.5, t.distance(new double[] {0.1, 6.2}, new double[] {0.4, 6.2 - 0.4}), 1e-14);
    assertEquals(Math.hypot(0.3, 0.4), t.distance(new double[] {6.2, 0.1}, new double[] {6.2 + 0.3 - 2 * Math.PI,
        0.5}), 1e-14);
    double[] out = new double[1];
    t.log(new double[] {0.1}, new double[] {2 * Math.PI - 0.2}, out);
    assertEquals(-0.3, out[0], 1e-14);
    t.exp(new double[] {6}, new double[] {1}, out);
    assertEquals(7 - 2 * Math.PI, out[0], 1e-14);
  }

  @Test
  void aPointOffTheManifoldIsOneLineNamingTheRowAndDistance() {
    var x = NdArrays.matrix(new double[] {0, 0, 1, 1.2, 0, 0}, 2, 3, DataType.DOUBLE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rows.requireOn(new Sphere(), x, "y0"));
    assertTrue(e.getMessage().startsWith("y0 row 1 = [1.2, 0.0, 0.0] lies 0.19999"), e.getMessage());
    assertTrue(e.getMessage().endsWith("off the sphere (tolerance 1.0E-4)"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
    var outside = NdArrays.matrix(new double[] {7, 1}, 1, 2, DataType.DOUBLE);
    e = assertThrows(IllegalArgumentException.class, () -> Rows.requireOn(new FlatTorus(), outside, "x0"));
    assertTrue(e.getMessage().contains("off the torus"), e.getMessage());
    var wide = NdArrays.matrix(new double[] {1}, 1, 1, DataType.DOUBLE);
    e = assertThrows(IllegalArgumentException.class, () -> Rows.requireOn(new Sphere(), wide, "x"));
    assertTrue(e.getMessage().contains("at least 2 columns, got 1"), e.getMessage());
  }
}
