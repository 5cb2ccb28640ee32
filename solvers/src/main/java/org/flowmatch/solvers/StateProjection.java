package org.flowmatch.solvers;

/**
 * A map of ambient states back onto a constraint set (a manifold embedded in R^dim). A {@link RungeKuttaSolver}
 * given one applies it to every stage state, every new state and every dense output: the projected Runge-Kutta
 * methods of Riemannian flow matching (step in the ambient space, project the point), with the tableau unchanged.
 */
@FunctionalInterface
public interface StateProjection {

  /**
   * Projects, in place, the first {@code rows} rows of a row-major {@code [rows, dim]} buffer.
   *
   * @param states the states, overwritten with their projections
   * @param rows how many rows to project
   * @param dim the width of a row
   */
  void project(double[] states, int rows, int dim);
}
