package org.flowmatch.manifolds;

/**
 * A Riemannian manifold embedded in an ambient R^n: points and tangent vectors are rows of n numbers.
 *
 * <p>Row operations on plain arrays (the batches of flow matching are narrow: 2 or 3 columns, where per-op ND4J
 * overheads dominate); {@link Rows} applies them to batches. Implementations are immutable and thread-safe; outputs
 * never alias inputs unless stated.
 */
public interface Manifold {

  /** The registered name, for example {@code sphere}. */
  String name();

  /** Checks that rows of width {@code dim} can be points; throws IllegalArgumentException naming the width. */
  void checkDim(int dim);

  /** exp_x(u): the end of the geodesic from x with initial velocity u. */
  void exp(double[] x, double[] u, double[] out);

  /** log_x(y): the initial velocity of the shortest geodesic from x that reaches y at time 1. */
  void log(double[] x, double[] y, double[] out);

  /** The geodesic distance |log_x(y)|. */
  double distance(double[] x, double[] y);

  /** The nearest point of the manifold to the ambient point x (its representative in the chart); may alias. */
  void projectPoint(double[] x, double[] out);

  /**
   * The orthogonal projection of the ambient vector u onto the tangent space at x: linear and symmetric in u, so
   * it is its own adjoint (a model's output gradient goes back through the same projection). May alias u and out.
   */
  void projectTangent(double[] x, double[] u, double[] out);

  /** How far the ambient point x lies from the manifold (0 on it); what {@link Rows#requireOn} checks. */
  double offManifold(double[] x);

  /**
   * d/dk exp_x(k v) at k (k &gt;= 0): the velocity of the geodesic k -&gt; exp_x(k v), in closed form. The geodesic
   * path's target velocity is kappa'(t) times this at k = kappa(t).
   */
  void geodesicVelocity(double[] x, double[] v, double k, double[] out);
}
