package org.flowmatch.experiments.ablation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.metrics.EnergyDistance;
import org.flowmatch.experiments.metrics.Estimate;
import org.flowmatch.experiments.metrics.LikelihoodMetrics;
import org.flowmatch.experiments.metrics.Mmd;
import org.flowmatch.experiments.metrics.SlicedWasserstein;
import org.flowmatch.experiments.metrics.Straightness;
import org.flowmatch.experiments.metrics.Wasserstein;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.Trajectories;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every metric of one experiment with one model (what {@code evaluate} prints and each ablation cell records):
 *
 * <ul>
 *   <li>samples against held-out data: exact W2 and W1, sliced W2, MMD (RBF, median-scaled bandwidths), energy
 *       distance;
 *   <li>the flow: NFE and wall time of sampling, normalized path energy (Tong et al.) and mean deviation from
 *       straight lines, from the same solve's dense output;
 *   <li>the solver alone, with {@code eval.reference: true}: RMS distance of the samples to a tight dopri5 solve
 *       from the same noise ({@code sample_error}), and the mean absolute difference of log-likelihoods to a tight
 *       solve ({@code likelihood_error}): these isolate the solver's error from the model's;
 *   <li>the model: NLL in nats and bits per dimension, and the KL estimate E[log p_true - log p_model] when the data
 *       has a density.
 * </ul>
 *
 * <p>The references (tight solves) depend only on the model and the noise, so cells that share them pass one
 * {@link Cache}.
 */
public final class CellEvaluator {
  /** Exact W2 is an O(n^3) assignment: above this many points it uses the first ones. */
  static final int MAX_EXACT_POINTS = 2000;

  private CellEvaluator() {}

  /** References shared by cells with the same model and noise. */
  public static final class Cache {
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
      return (T) values.computeIfAbsent(key, k -> compute.get());
    }
  }

  public static Map<String, Object> evaluate(Experiment e, VelocityModel model, Cache cache) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = e.eval().samples();
    int frames = Math.max(3, e.eval().frames());
    DataType type = Runner.dataType(model);
    INDArray x0 = e.source().sample(n, e.seeds().sample().copy()).castTo(type);
    double[] times = Straightness.uniformTimes(frames);
    long t0 = System.nanoTime();
    OdeSolution solution = e.sampler().solve(model, x0, 0, 1, times, StepObserver.NONE);
    m.put("sample_s", seconds(t0));
    m.put("nfe", solution.nfe());
    m.put("row_evaluations", solution.rowEvaluations());
    double[][] samples = NdArrays.rows(solution.finalState());
    double[][] data = NdArrays.rows(e.data().sample(n, e.seeds().heldOut().copy()));

    double[][] a = head(samples, MAX_EXACT_POINTS);
    double[][] b = head(data, MAX_EXACT_POINTS);
    m.put("w2", Wasserstein.w2(a, b));
    m.put("w1", Wasserstein.w1(a, b));
    m.put("sliced_w2", SlicedWasserstein.w2(samples, data, 256, e.seeds().init("eval.sliced")));
    m.put("mmd", Mmd.squared(a, b).summed().value());
    m.put("energy", EnergyDistance.of(a, b));

    double[][][] all = Trajectories.of(times, solution.outputStates(), solution.nfe()).paths();
    double[][][] paths = all.length <= MAX_EXACT_POINTS ? all : java.util.Arrays.copyOf(all, MAX_EXACT_POINTS);
    m.put("npe", Straightness.normalizedPathEnergy(paths, times));
    m.put("straightness_deviation", Straightness.meanDeviation(paths, times));

    boolean tight = type == DataType.DOUBLE;
    OdeSolver reference = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tight ? 1e-10 : 1e-7, tight ? 1e-10 : 1e-7,
        ErrorControl.PER_ROW);
    if (e.eval().reference()) {
      double[][] referenceSamples = cache.get("samples/" + n,
          () -> NdArrays.rows(reference.solve(model, x0, 0, 1).finalState()));
      m.put("sample_error", rmsDistance(samples, referenceSamples));
    }

    if (e.source().hasDensity() && e.eval().likelihoodPoints() > 0) {
      INDArray points = e.data().sample(e.eval().likelihoodPoints(), e.seeds().heldOut().copy());
      t0 = System.nanoTime();
      LogLikelihood.Result result = e.likelihood().compute(model, e.source(), points.castTo(type),
          e.seeds().likelihood().copy());
      m.put("likelihood_s", seconds(t0));
      m.put("likelihood_nfe", result.nfe());
      double[] ll = NdArrays.toDoubles(result.logLikelihood());
      int d = e.data().dim();
      Estimate nll = LikelihoodMetrics.negativeLogLikelihood(ll);
      m.put("nll_nats", nll.value());
      m.put("nll_se", nll.standardError());
      m.put("bits_per_dim", LikelihoodMetrics.bitsPerDimension(nll.value(), d));
      if (e.eval().reference()) {
        double[] referenceLl = cache.get("likelihood/" + e.eval().likelihoodPoints(), () -> NdArrays.toDoubles(
            new LogLikelihood(reference, new ExactDivergence()).compute(model, e.source(), points.castTo(type),
                e.seeds().likelihood().copy()).logLikelihood()));
        double diff = 0;
        for (int i = 0; i < ll.length; i++) {
          diff += Math.abs(ll[i] - referenceLl[i]) / ll.length;
        }
        m.put("likelihood_error", diff);
      }
      if (e.data().hasDensity()) {
        double[] truth = NdArrays.toDoubles(e.data().logDensity(points));
        Estimate kl = LikelihoodMetrics.klDivergence(truth, ll);
        m.put("kl_nats", kl.value());
        m.put("kl_se", kl.standardError());
      }
    }
    return m;
  }


  private static double rmsDistance(double[][] a, double[][] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        double diff = a[i][j] - b[i][j];
        sum += diff * diff;
      }
    }
    return Math.sqrt(sum / a.length);
  }

  private static double[][] head(double[][] x, int n) {
    return x.length <= n ? x : java.util.Arrays.copyOf(x, n);
  }


  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }
}
