package org.flowmatch.experiments.eval;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.flowmatch.core.ClassifierFreeGuidance;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.LabelledSamples;
import org.flowmatch.core.eval.Memo;
import org.flowmatch.core.eval.Need;
import org.flowmatch.experiments.metrics.Straightness;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ingredients of one experiment's metrics for one model, each computed on first use: samples, held-out data,
 * log-likelihoods, and the tight reference solves (of the samples, of the likelihoods, and the trajectories that
 * path metrics read, which are therefore the model's, not the sampling solver's). Sampling and likelihood record
 * their NFE and wall time in {@link #counts()}, the reference solves their wall time (near 0 when another
 * evaluation of the same model already solved them). Not thread-safe:
 * one evaluation reads it from one thread.
 *
 * <p>A model conditioned on K classes is sampled class by class in turn (sample i is of class i mod K, so every
 * class gets its share) with the run's guidance {@code sample.guidance}; {@link #sampleLabels()} says which.
 */
public final class ExperimentContext implements EvaluationContext {
  private final Experiment e;
  private final VelocityModel model;
  private final Set<Need> needs;
  private final ReferenceCache cache;
  private final DataType type;
  private final int frames;
  private final Memo shared = new Memo();
  private final Map<String, Number> counts = new LinkedHashMap<>();
  private OdeSolution solution;
  private double[][] samples;
  private double[][] heldOut;
  private double[][][] trajectories;
  private INDArray likelihoodPoints;
  private LogLikelihood.Result likelihood;
  private double[] logLikelihoods;
  private double[] dataLogDensities;
  private final int classes;
  private int[] sampleLabels;
  private LabelledSamples labelled;

  /**
   * @param needs what the chosen metrics need: trajectories are recorded by the sampling solve only if asked for
   * @param cache reference solves shared with other evaluations of the same model
   */
  public ExperimentContext(Experiment e, VelocityModel model, Set<Need> needs, ReferenceCache cache) {
    this(e, model, needs, cache, 0);
  }

  /**
   * @param frames the sampling solve also records its states at this many equally spaced times from 0 to 1 (its
   *     dense output: the steps, and so the samples, are those of a solve without them); 0 for none
   */
  public ExperimentContext(Experiment e, VelocityModel model, Set<Need> needs, ReferenceCache cache, int frames) {
    if (frames < 0 || frames == 1) {
      throw new IllegalArgumentException("frames must be 0 (none) or at least 2 (t = 0 and t = 1), got " + frames);
    }
    this.frames = frames;
    this.e = e;
    this.model = model;
    this.needs = needs.isEmpty() ? EnumSet.noneOf(Need.class) : EnumSet.copyOf(needs);
    this.cache = cache;
    this.type = model.dataType();
    this.classes = model instanceof ConditionalVelocityModel c && c.conditioning().kind() == Conditioning.Kind.LABELS
        ? c.conditioning().size() : 0;
  }

  /** NFE, counts and wall times of the ingredients computed so far, in the order they were computed. */
  public Map<String, Number> counts() {
    return counts;
  }

  @Override
  public int dim() {
    return e.data().dim();
  }

  @Override
  public boolean available(Need need) {
    return switch (need) {
      case LIKELIHOODS -> e.source().hasDensity();
      case DATA_DENSITY -> e.data().hasDensity();
      // Class labels come with labelled datasets and class-conditional models.
      case LABELS -> classes > 0 && e.data() instanceof Dataset d
          && d.conditioning().equals(Conditioning.classes(classes));
      default -> true;
    };
  }

  private void require(Need need) {
    if (!available(need)) {
      throw new IllegalStateException("this experiment cannot provide " + need.description());
    }
  }

  /** The sampling solve's final state, in the model's data type (what samples.csv holds). */
  public INDArray sampleArray() {
    if (solution == null) {
      int n = e.eval().samples();
      INDArray x0 = e.source().sample(n, e.seeds().sample().copy()).castTo(type);
      long t0 = System.nanoTime();
      solution = e.sampler().solve(sampled(n), x0, 0, 1, frames == 0 ? null : Straightness.uniformTimes(frames),
          StepObserver.NONE);
      counts.put("sample_s", seconds(t0));
      counts.put("samples", n);
      counts.put("nfe", solution.nfe());
      counts.put("row_evaluations", solution.rowEvaluations());
    }
    return solution.finalState();
  }

  /**
   * The sampling solve itself: its final state is {@link #sampleArray()}, its output states those at the {@code
   * frames} times the context was built with (none for 0), so a run's trajectory plot reuses the samples' own paths.
   */
  public OdeSolution samplingSolve() {
    sampleArray();
    return solution;
  }

  /**
   * The field that n samples follow: the model itself, or for a class-conditional model the field of classes
   * 0, 1, ..., K - 1, 0, 1, ... guided with {@code sample.guidance}.
   */
  private VelocityModel sampled(int n) {
    if (classes == 0) {
      return model;
    }
    return ClassifierFreeGuidance.of((ConditionalVelocityModel) model, Conditions.labels(sampleLabels(n), classes),
        e.guidance());
  }

  /** What the flow of the samples depends on beyond the model: the guidance weight of a class-conditional one. */
  private String guidanceKey() {
    return classes == 0 ? "" : "/w=" + e.guidance();
  }

  private int[] sampleLabels(int n) {
    if (sampleLabels == null || sampleLabels.length != n) {
      sampleLabels = new int[n];
      for (int i = 0; i < n; i++) {
        sampleLabels[i] = i % classes;
      }
    }
    return sampleLabels;
  }

  /** The class each sample was generated for (i mod K), or null for a model that is not class-conditional. */
  public int[] sampleLabels() {
    return classes == 0 ? null : sampleLabels(e.eval().samples()).clone();
  }

  @Override
  public LabelledSamples labelled() {
    require(Need.LABELS);
    if (labelled == null) {
      Dataset d = (Dataset) e.data();
      double[][] train = fileRows(d, d.train());
      double[][] generated = fileRows(d, sampleArray().castTo(DataType.DOUBLE));
      if (d.imageShape().isPresent()) {
        clampToRange(generated, train);
      }
      // data.holdout = 0 holds out no row: the held-out side is then the training rows, as for every ingredient.
      boolean none = d.heldOut().rows() == 0;
      labelled = new LabelledSamples(classes, generated, sampleLabels(generated.length).clone(), train,
          d.trainConditions().labels(), none ? train : fileRows(d, d.heldOut()),
          (none ? d.trainConditions() : d.heldOutConditions()).labels());
    }
    return labelled;
  }

  private static double[][] fileRows(Dataset d, INDArray x) {
    return NdArrays.rows(d.normalization().undo(x));
  }

  /**
   * Clamps generated images to the range of the training pixels (0..16 for the digits), as an image is stored and
   * shown: guidance overshoots that range, and a classifier would otherwise judge pixels no image can have.
   */
  private static void clampToRange(double[][] generated, double[][] train) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] row : train) {
      for (double v : row) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    for (double[] row : generated) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.max(lo, Math.min(hi, row[j]));
      }
    }
  }

  @Override
  public double[][] samples() {
    if (samples == null) {
      samples = NdArrays.rows(sampleArray());
    }
    return samples;
  }

  @Override
  public double[][] heldOut() {
    if (heldOut == null) {
      heldOut = NdArrays.rows(heldOutPoints(e.eval().samples()));
    }
    return heldOut;
  }

  @Override
  public double[] times() {
    return Straightness.uniformTimes(Math.max(3, e.eval().frames()));
  }

  /**
   * The flow's paths from the sampling noise, solved by the tight {@link #reference()} solver (not the sampling
   * solver) at {@link #times()}, and cached per model: path metrics then measure the model, the same for every
   * sampling solver of a study.
   */
  @Override
  public double[][][] trajectories() {
    if (!needs.contains(Need.TRAJECTORIES)) {
      throw new IllegalStateException("trajectories were not declared as a need of the chosen metrics");
    }
    if (trajectories == null) {
      int n = e.eval().samples();
      double[] times = times();
      trajectories = cache.get("trajectories/" + n + "/" + times.length + "/" + type + guidanceKey(), () -> {
        INDArray x0 = e.source().sample(n, e.seeds().sample().copy()).castTo(type);
        OdeSolution reference = reference().solve(sampled(n), x0, 0, 1, times, StepObserver.NONE);
        int d = dim();
        double[][][] paths = new double[n][times.length][d];
        for (int k = 0; k < times.length; k++) {
          double[] flat = NdArrays.toDoubles(reference.outputStates().get(k));
          for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, paths[i][k], 0, d);
          }
        }
        return paths;
      });
    }
    return trajectories;
  }

  /** The likelihood solve of the held-out points (null when the source has no density). */
  public LogLikelihood.Result likelihoodResult() {
    if (!available(Need.LIKELIHOODS)) {
      return null;
    }
    if (likelihood == null) {
      INDArray points = likelihoodPointArray();
      long t0 = System.nanoTime();
      likelihood = e.likelihood().compute(model, e.source(), points.castTo(type), e.seeds().likelihood().copy());
      counts.put("likelihood_s", seconds(t0));
      counts.put("likelihood_points", points.rows());
      counts.put("likelihood_nfe", likelihood.nfe());
    }
    return likelihood;
  }

  /** The likelihood points in double precision. */
  public INDArray likelihoodPointArray() {
    if (likelihoodPoints == null) {
      likelihoodPoints = heldOutPoints(e.eval().likelihoodPoints());
    }
    return likelihoodPoints;
  }

  /**
   * n held-out points: fresh draws from the heldOut stream, or, for a dataset read from a file, rows never trained
   * on: its first n held-out rows, or, when it holds fewer, n draws with replacement from them (by the heldOut
   * stream), so that metrics that match samples one to one get as many points as samples.
   */
  private INDArray heldOutPoints(int n) {
    if (e.data() instanceof Dataset d && d.heldOut().rows() > 0) {
      INDArray rows = d.heldOut();
      if (rows.rows() >= n) {
        return rows.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup();
      }
      Rng rng = e.seeds().heldOut().copy();
      int[] pick = new int[n];
      for (int i = 0; i < n; i++) {
        pick[i] = rng.nextInt((int) rows.rows());
      }
      return NdArrays.selectRows(rows, pick);
    }
    return e.data().sample(n, e.seeds().heldOut().copy());
  }

  @Override
  public double[][] likelihoodPoints() {
    return NdArrays.rows(likelihoodPointArray());
  }

  @Override
  public double[] logLikelihoods() {
    require(Need.LIKELIHOODS);
    if (logLikelihoods == null) {
      logLikelihoods = NdArrays.toDoubles(likelihoodResult().logLikelihood());
    }
    return logLikelihoods;
  }

  @Override
  public double[] dataLogDensities() {
    require(Need.DATA_DENSITY);
    if (dataLogDensities == null) {
      dataLogDensities = NdArrays.toDoubles(e.data().logDensity(likelihoodPointArray()));
    }
    return dataLogDensities;
  }

  /** A tight adaptive solver: its error is far below that of any solver it measures. */
  private OdeSolver reference() {
    boolean tight = type == DataType.DOUBLE;
    return RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tight ? 1e-10 : 1e-7, tight ? 1e-10 : 1e-7,
        ErrorControl.PER_ROW);
  }

  @Override
  public double[][] referenceSamples() {
    int n = e.eval().samples();
    long t0 = System.nanoTime();
    double[][] r = cache.get("samples/" + n + "/" + type + guidanceKey(), () -> {
      INDArray x0 = e.source().sample(n, e.seeds().sample().copy()).castTo(type);
      return NdArrays.rows(reference().solve(sampled(n), x0, 0, 1).finalState());
    });
    counts.putIfAbsent("reference_s", seconds(t0));
    return r;
  }

  @Override
  public double[] referenceLogLikelihoods() {
    require(Need.LIKELIHOODS);
    long t0 = System.nanoTime();
    double[] r = cache.get("likelihood/" + e.eval().likelihoodPoints() + "/" + type, () -> NdArrays.toDoubles(
        new LogLikelihood(reference(), new ExactDivergence()).compute(model, e.source(),
            likelihoodPointArray().castTo(type), e.seeds().likelihood().copy()).logLikelihood()));
    counts.putIfAbsent("reference_likelihood_s", seconds(t0));
    return r;
  }

  @Override
  public Rng rng(String stream) {
    return e.seeds().evaluation(stream);
  }

  @Override
  public <T> T shared(String key, Supplier<T> compute) {
    return shared.get(key, compute);
  }

  static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }
}
