package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped tableaus satisfy the Runge-Kutta order conditions (Butcher trees up to order 5) for the order they
 * declare, their embedded estimates for the error order, and their continuous extensions b(theta) for the dense
 * order at every theta: sum_s b_s(theta) Phi_s(tree) = theta^|tree| / gamma(tree).
 */
class TableausTest {

  private static final double TOL = 1e-14;

  static Stream<Arguments> tableaus() {
    return Stream.of(
        Arguments.of(Tableaus.EULER, 1),
        Arguments.of(Tableaus.MIDPOINT, 2),
        Arguments.of(Tableaus.HEUN, 2),
        Arguments.of(Tableaus.RK4, 3),
        Arguments.of(Tableaus.RK38, 3),
        Arguments.of(Tableaus.DOPRI5, 4));
  }

  /** The elementary weights Phi_s of every tree up to order 5, with each tree's order and density gamma. */
  private record Tree(int order, double gamma, double[] phi) {}

  private static Tree[] trees(ButcherTableau tableau) {
    int s = tableau.stages();
    double[][] a = new double[s][s];
    for (int i = 0; i < s; i++) {
      System.arraycopy(tableau.a()[i], 0, a[i], 0, i);
    }
    double[] c = tableau.c();
    double[] one = new double[s];
    java.util.Arrays.fill(one, 1);
    double[] c2 = times(c, c);
    double[] c3 = times(c2, c);
    double[] ac = apply(a, c);
    double[] ac2 = apply(a, c2);
    double[] aac = apply(a, ac);
    return new Tree[] {
        new Tree(1, 1, one),
        new Tree(2, 2, c),
        new Tree(3, 3, c2),
        new Tree(3, 6, ac),
        new Tree(4, 4, c3),
        new Tree(4, 8, times(c, ac)),
        new Tree(4, 12, ac2),
        new Tree(4, 24, aac),
        new Tree(5, 5, times(c3, c)),
        new Tree(5, 10, times(c2, ac)),
        new Tree(5, 20, times(ac, ac)),
        new Tree(5, 15, times(c, ac2)),
        new Tree(5, 30, times(c, aac)),
        new Tree(5, 20, apply(a, c3)),
        new Tree(5, 40, apply(a, times(c, ac))),
        new Tree(5, 60, apply(a, ac2)),
        new Tree(5, 120, apply(a, aac))};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tableaus")
  void weightsSatisfyTheOrderConditionsOfTheDeclaredOrder(ButcherTableau tableau, int denseOrder) {
    Tree[] trees = trees(tableau);
    for (Tree tree : trees) {
      double value = dot(tableau.b(), tree.phi());
      if (tree.order() <= tableau.order()) {
        assertEquals(1 / tree.gamma(), value, TOL, tableau.name() + ": tree of order " + tree.order()
            + " with density " + tree.gamma());
      }
    }
    // the declared order is the highest: some condition of the next order fails
    if (tableau.order() < 5) {
      boolean allHold = true;
      for (Tree tree : trees) {
        if (tree.order() == tableau.order() + 1) {
          allHold &= Math.abs(dot(tableau.b(), tree.phi()) - 1 / tree.gamma()) < 1e-10;
        }
      }
      assertEquals(false, allHold, tableau.name() + " is of higher order than declared");
    }
    if (tableau.isEmbedded()) {
      double[] bHat = new double[tableau.stages()];
      for (int i = 0; i < bHat.length; i++) {
        bHat[i] = tableau.b()[i] - tableau.e()[i];
      }
      for (Tree tree : trees) {
        if (tree.order() <= tableau.errorOrder()) {
          assertEquals(1 / tree.gamma(), dot(bHat, tree.phi()), TOL, tableau.name() + " embedded: tree of order "
              + tree.order() + " with density " + tree.gamma());
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tableaus")
  void continuousExtensionSatisfiesTheConditionsOfTheDenseOrder(ButcherTableau tableau, int denseOrder) {
    double[] weights = new double[tableau.stages()];
    for (double theta : new double[] {0, 0.1, 0.37, 0.5, 0.81, 1}) {
      tableau.denseWeights(theta, weights);
      for (Tree tree : trees(tableau)) {
        if (tree.order() <= denseOrder) {
          assertEquals(Math.pow(theta, tree.order()) / tree.gamma(), dot(weights, tree.phi()), 1e-13,
              tableau.name() + " at theta " + theta + ": tree of order " + tree.order() + " with density "
                  + tree.gamma());
        }
      }
      if (theta == 1) {
        for (int s = 0; s < weights.length; s++) {
          assertEquals(tableau.b()[s], weights[s], 1e-12, tableau.name() + ": b(1) must be b");
        }
      }
    }
  }

  private static double[] times(double[] x, double[] y) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * y[i];
    }
    return out;
  }

  private static double[] apply(double[][] a, double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < i; j++) {
        out[i] += a[i][j] * x[j];
      }
    }
    return out;
  }

  private static double dot(double[] x, double[] y) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i] * y[i];
    }
    return sum;
  }
}
