package org.flowmatch.experiments.run;

import java.util.List;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.metrics.Straightness;
import org.flowmatch.experiments.wiring.Experiment;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sample paths of the flow at equally spaced times.
 *
 * @param times the times t_0 = 0 .. t_{T-1} = 1
 * @param paths paths[i][k] is sample i at time k
 * @param nfe the function evaluations of the solve
 */
public record Trajectories(double[] times, double[][][] paths, int nfe) {

  /**
   * {@code n} paths of the experiment's flow at {@code frames} equally spaced times, from the run's sampling stream;
   * the solver's dense output gives the intermediate states without changing its steps.
   */
  public static Trajectories sample(Experiment experiment, VelocityModel model, int n, int frames) {
    INDArray x0 = experiment.source().sample(n, experiment.seeds().sample().copy()).castTo(model.dataType());
    double[] times = Straightness.uniformTimes(frames);
    OdeSolution solution = experiment.sampler().solve(model, x0, 0, 1, times, StepObserver.NONE);
    return of(times, solution.outputStates(), solution.nfe());
  }

  /**
   * The paths of the first {@code n} rows of a solve that recorded its states ({@link OdeSolution#outputStates()}):
   * the trajectories of a run's own samples, which its evaluation solved already.
   */
  public static Trajectories first(OdeSolution solution, int n) {
    if (solution.outputTimes().length < 2 || n > solution.finalState().rows()) {
      throw new IllegalArgumentException("a solve of " + solution.finalState().rows() + " rows recorded at "
          + solution.outputTimes().length + " times has no " + n + " paths of at least 2 times");
    }
    return of(solution.outputTimes(), solution.outputStates(), n, solution.nfe());
  }

  /** Paths from a solve's states at {@code times}. */
  public static Trajectories of(double[] times, List<INDArray> states, int nfe) {
    return of(times, states, (int) states.get(0).rows(), nfe);
  }

  private static Trajectories of(double[] times, List<INDArray> states, int n, int nfe) {
    int d = (int) states.get(0).columns();
    double[][][] paths = new double[n][times.length][d];
    for (int k = 0; k < times.length; k++) {
      double[] flat = NdArrays.toDoubles(states.get(k));
      for (int i = 0; i < n; i++) {
        System.arraycopy(flat, i * d, paths[i][k], 0, d);
      }
    }
    return new Trajectories(times.clone(), paths, nfe);
  }
}
