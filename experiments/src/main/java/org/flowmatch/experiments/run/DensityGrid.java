package org.flowmatch.experiments.run;

import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.solvers.Adaptive;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-densities on the square grid of a 2-D log-density plot: n x n cell centres over a window, row iy (from the
 * bottom) holding the points of one y.
 *
 * <p>The learned one is the run's most expensive plot by far: every cell costs a likelihood solve, and each of its
 * steps a forward pass and, for the exact divergence in 2-D, two backward passes of the network, so 160 x 160 cells
 * cost more than a 1000-step training of batch 512 (docs/performance.md, fixed costs). It is therefore one
 * batched solve of all n² points ({@link #learned}), with the run's likelihood solver and divergence, but an adaptive
 * solver controls each point's error on its own ({@link #perPoint}): with one step size for the whole grid, the
 * hardest cells set the pace for all of them.
 */
final class DensityGrid {
  private DensityGrid() {}

  /**
   * log p1 of the flow of {@code model} from {@code source} at every cell centre: one solve of {@link
   * #perPoint}({@code likelihood}) for all n² points.
   *
   * @param bounds the window {x0, x1, y0, y1}
   * @param rng the Hutchinson probes' stream, if the divergence has any
   * @return values[iy][ix]
   */
  static double[][] learned(LogLikelihood likelihood, VelocityModel model, Distribution source, int n,
      double[] bounds, Rng rng) {
    INDArray lp = perPoint(likelihood).compute(model, source, points(n, bounds).castTo(model.dataType()), rng)
        .logLikelihood();
    return toGrid(NdArrays.toDoubles(lp), n);
  }

  /** The closed-form log-density of {@code data} at every cell centre. */
  static double[][] of(Distribution data, int n, double[] bounds) {
    return toGrid(NdArrays.toDoubles(data.logDensity(points(n, bounds))), n);
  }

  /**
   * {@code likelihood} with an adaptive Runge-Kutta solver's error control per point (same tableau, tolerances and
   * limits): each cell is then solved to the run's tolerance, none more finely because of another; anything else
   * (fixed steps, other solvers, per-row control already) is returned as it is.
   */
  static LogLikelihood perPoint(LogLikelihood likelihood) {
    OdeSolver solver = likelihood.solver();
    if (solver instanceof RungeKuttaSolver rk && rk.control() instanceof Adaptive a
        && a.mode() == ErrorControl.SHARED) {
      return new LogLikelihood(new RungeKuttaSolver(rk.tableau(), a.withMode(ErrorControl.PER_ROW)),
          likelihood.divergence());
    }
    return likelihood;
  }

  /** The n² cell centres of the window {x0, x1, y0, y1}, row by row from the bottom, in double precision. */
  static INDArray points(int n, double[] b) {
    double[] xy = new double[n * n * 2];
    for (int iy = 0; iy < n; iy++) {
      for (int ix = 0; ix < n; ix++) {
        int k = (iy * n + ix) * 2;
        xy[k] = b[0] + (b[1] - b[0]) * (ix + 0.5) / n;
        xy[k + 1] = b[2] + (b[3] - b[2]) * (iy + 0.5) / n;
      }
    }
    return NdArrays.matrix(xy, (long) n * n, 2, DataType.DOUBLE);
  }

  private static double[][] toGrid(double[] values, int n) {
    double[][] g = new double[n][n];
    for (int iy = 0; iy < n; iy++) {
      System.arraycopy(values, iy * n, g[iy], 0, n);
    }
    return g;
  }
}
