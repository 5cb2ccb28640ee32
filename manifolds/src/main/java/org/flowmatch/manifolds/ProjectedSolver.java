package org.flowmatch.manifolds;

import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityField;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * flow_matching's RiemannianODESolver on the one Runge-Kutta engine: every stage steps in the ambient space, the
 * engine projects every stage state and new state onto the manifold (a {@code StateProjection}), and this class
 * projects every velocity onto the tangent space at its point. With the Euler and midpoint tableaus the steps are
 * flow_matching's {@code euler} and {@code midpoint} exactly; its {@code rk4} is Kutta's 3/8 rule
 * ({@code projected-rk4-38}); {@code projected-rk4} is the classical tableau, projected the same way.
 *
 * <p>The initial state must lie on the manifold (within {@link Rows#TOLERANCE}); it is projected first so that the
 * solve starts exactly on it. Immutable and thread-safe.
 */
public final class ProjectedSolver implements OdeSolver, OnManifold {
  private final Manifold manifold;
  private final RungeKuttaSolver engine;
  private final String name;

  /**
   * @param manifold the manifold the states live on
   * @param solver a fixed-step Runge-Kutta method (adaptive error control is rejected by the engine)
   */
  public ProjectedSolver(Manifold manifold, RungeKuttaSolver solver) {
    if (manifold == null || solver == null) {
      throw new IllegalArgumentException("manifold and solver must not be null");
    }
    this.manifold = manifold;
    this.engine = solver.projected((states, rows, dim) -> Rows.project(manifold, states, rows, dim));
    this.name = "projected-" + solver.name();
  }

  @Override
  public Manifold manifold() {
    return manifold;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OdeSolution solve(VelocityField field, INDArray y0, double t0, double t1, double[] outputTimes,
      StepObserver observer) {
    if (field == null) {
      throw new IllegalArgumentException("field must not be null");
    }
    Rows.requireOn(manifold, y0, "y0");
    VelocityField tangent = new VelocityField() {
      @Override
      public INDArray velocity(INDArray x, INDArray t) {
        return Rows.projectTangents(manifold, x, field.velocity(x, t));
      }

      @Override
      public INDArray velocity(INDArray x, INDArray t, int[] rows) {
        return Rows.projectTangents(manifold, x, field.velocity(x, t, rows));
      }
    };
    return engine.solve(tangent, Rows.projectPoints(manifold, y0), t0, t1, outputTimes, observer);
  }

  @Override
  public String toString() {
    return name + " on the " + manifold.name() + " (" + engine + ")";
  }
}
