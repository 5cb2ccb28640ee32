package org.flowmatch.solvers.likelihood;

import java.util.stream.IntStream;
import org.flowmatch.core.Checks;
import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityField;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * log p1(x1) = log p0(x0) - int_0^1 div v(x_t, t) dt, by integrating the state augmented with the running
 * divergence integral from t = 1 back to t = 0. The integral is a column of the solver's state, so an adaptive
 * solver controls its error like any other coordinate.
 */
public final class LogLikelihood {
  private final OdeSolver solver;
  private final DivergenceEstimator divergence;

  public LogLikelihood(OdeSolver solver, DivergenceEstimator divergence) {
    if (solver == null || divergence == null) {
      throw new IllegalArgumentException("solver and divergence estimator must not be null");
    }
    this.solver = solver;
    this.divergence = divergence;
  }

  /**
   * The log-likelihood of every row of {@code x1} under the flow of {@code model} from {@code source}.
   *
   * @param model the velocity model
   * @param source the density at t = 0
   * @param x1 the points {@code [n, dim]}; their data type is that of the solve
   * @param rng the source of the Hutchinson probes, if any
   */
  public Result compute(VelocityModel model, Distribution source, INDArray x1, Rng rng) {
    if (model == null || source == null || rng == null) {
      throw new IllegalArgumentException("model, source and rng must not be null");
    }
    if (!source.hasDensity()) {
      throw new IllegalArgumentException("the source '" + source.name() + "' has no closed-form density, so the"
          + " log-likelihood cannot be computed; use a source with a density, such as N(0, I)");
    }
    int d = model.dim();
    if (source.dim() != d) {
      throw new IllegalArgumentException("the source has dimension " + source.dim() + " but the model has " + d);
    }
    Checks.finiteMatrix(x1, "x1", -1, d);
    int n = (int) x1.rows();
    DivergenceEstimator.Bound bound = divergence.bind(model, n, x1.dataType(), rng);
    int[] allRows = IntStream.range(0, n).toArray();
    VelocityField augmented = new VelocityField() {
      /** A solver that gives no row indices evaluates the whole batch, in order. */
      @Override
      public INDArray velocity(INDArray z, INDArray t) {
        if (z.rows() != n) {
          throw new IllegalArgumentException("the likelihood field of a batch of " + n + " rows was called on "
              + z.rows() + " rows without their indices; call velocity(x, t, rows)");
        }
        return velocity(z, t, allRows);
      }

      @Override
      public INDArray velocity(INDArray z, INDArray t, int[] rows) {
        INDArray x = z.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup();
        DivergenceEstimator.VelocityAndDivergence vd = bound.evaluate(x, t, rows);
        return Nd4j.hstack(vd.velocity(), vd.divergence());
      }
    };
    INDArray start = Nd4j.hstack(x1, Nd4j.zeros(x1.dataType(), n, 1));
    OdeSolution solution = solver.solve(augmented, start, 1, 0);
    INDArray end = solution.finalState();
    INDArray x0 = end.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d)).dup();
    INDArray integralBackwards = end.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + 1)).dup();
    INDArray logSource = source.logDensity(x0);
    INDArray logLikelihood = logSource.castTo(x1.dataType()).add(integralBackwards);
    return new Result(logLikelihood, x0, logSource, integralBackwards.neg(), solution);
  }

  public OdeSolver solver() {
    return solver;
  }

  public DivergenceEstimator divergence() {
    return divergence;
  }

  /**
   * @param logLikelihood log p1(x1) of every row {@code [n, 1]}, in nats
   * @param x0 where the flow carries each row at t = 0 {@code [n, dim]}
   * @param sourceLogDensity log p0(x0) {@code [n, 1]}
   * @param divergenceIntegral int_0^1 div v(x_t, t) dt of every row {@code [n, 1]}
   * @param solution the backward solve (NFE, steps)
   */
  public record Result(INDArray logLikelihood, INDArray x0, INDArray sourceLogDensity, INDArray divergenceIntegral,
      OdeSolution solution) {

    public int nfe() {
      return solution.nfe();
    }
  }
}
