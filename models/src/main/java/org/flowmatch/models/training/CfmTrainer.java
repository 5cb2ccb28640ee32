package org.flowmatch.models.training;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowmatch.core.ConditionalDistribution;
import org.flowmatch.core.ConditionalDistribution.ConditionalSample;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional flow matching: for each step, draw x1 from the data, x0 from the source, pair them with the
 * coupling, draw t, build x_t and u_t on the path, and regress the model's prediction onto its target (u_t for a
 * velocity model, x1 or x0 for the other parameterizations) with mean squared error; then clip, take an Adam step
 * and update the moving average.
 *
 * <p>Per step the generator is drawn in a fixed order: data, source, coupling, times (then the condition drops
 * below), then the path's own noise if it has any (none for the plain paths, so their draws are unchanged). Together
 * with deterministic ND4J kernels this makes the same seed give bit-identical weights, and a resumed run continue
 * exactly.
 *
 * <p>A conditional model ({@link ConditionalVelocityModel} with a condition) is trained on (x1, c) pairs from a
 * {@link ConditionalDistribution} of the same conditioning. The coupling then pairs within each class: the noise
 * matched to class c must stay N(0, I)-distributed given c, or sampling from N(0, I) given c would be wrong (an OT
 * plan across classes would hand class c the noise nearest to it). After the times, one uniform number per row
 * decides whether its condition is dropped ({@link TrainConfig#uncondProb()}), so that the network also learns
 * v(x, t | none) for classifier-free guidance; the draws come from the training generator, so they are
 * reproducible and resume exactly. An unconditional model on labelled data ignores the labels and draws exactly
 * what it would on the unlabelled data.
 */
public final class CfmTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(CfmTrainer.class);

  private final ProbabilityPath path;
  private final Distribution source;
  private final Distribution data;
  private final Coupling coupling;
  private final TimeSampler times;
  private final TrainConfig config;

  public CfmTrainer(ProbabilityPath path, Distribution source, Distribution data, Coupling coupling,
      TimeSampler times, TrainConfig config) {
    if (path == null || source == null || data == null || coupling == null || times == null || config == null) {
      throw new IllegalArgumentException("path, source, data, coupling, time sampler and config must all be given");
    }
    if (source.dim() != data.dim()) {
      throw new IllegalArgumentException("the source has dimension " + source.dim() + " but the data has "
          + data.dim());
    }
    this.path = path;
    this.source = source;
    this.data = data;
    this.coupling = coupling;
    this.times = times;
    this.config = config;
  }

  public TrainConfig config() {
    return config;
  }

  /** The checkpoint metadata key of the data's normalization (see {@link #setup}). */
  public static final String NORMALIZATION_KEY = "data.normalization";
  /** The checkpoint metadata key of the model's conditioning (see {@link #setup}). */
  public static final String CONDITIONING_KEY = "model.conditioning";

  /** A fresh state: zero moments, the moving average starting at the initial weights. */
  public TrainingState start(TrainableModel model, Rng rng) {
    if (model.dim() != data.dim()) {
      throw new IllegalArgumentException("the model has dimension " + model.dim() + " but the data has "
          + data.dim());
    }
    Conditioning c = conditioning(model);
    if (c.conditional()) {
      Conditioning offered = data instanceof ConditionalDistribution cd ? cd.conditioning() : Conditioning.NONE;
      if (!offered.equals(c)) {
        throw new IllegalArgumentException("the model is conditioned on " + c + " but the data '" + data.name()
            + "' offers " + offered);
      }
      if (c.kind() == Conditioning.Kind.VECTORS && !coupling.name().equals("independent")) {
        throw new IllegalArgumentException("train.coupling = " + coupling.name() + " pairs within classes, but the"
            + " data has condition vectors, not classes; use train.coupling: independent");
      }
    }
    INDArray params = model.parameters();
    AdamOptimizer optimizer = new AdamOptimizer(params.length(), params.dataType(), config.beta1(), config.beta2(),
        config.epsilon(), config.weightDecay());
    INDArray ema = config.emaDecay() > 0 ? params.dup() : null;
    return new TrainingState(model, ema, optimizer, rng, 0, new double[0]);
  }

  /**
   * What a checkpoint must hold besides the weights so that samples can be read and the run resumed: the data's
   * normalization (when the data is a {@link Dataset}) and the model's conditioning (when it has one). Nothing
   * for an unconditional model on built-in data, so that such checkpoints keep their bytes. Add it to the
   * checkpoint's metadata; {@link #checkSetup} compares it on resume.
   */
  public Map<String, String> setup(TrainableModel model) {
    Map<String, String> setup = new LinkedHashMap<>();
    if (data instanceof Dataset d) {
      setup.put(NORMALIZATION_KEY, d.normalization().toString());
    }
    if (conditioning(model).conditional()) {
      setup.put(CONDITIONING_KEY, conditioning(model).toString());
    }
    return setup;
  }

  /**
   * Fails with a {@link CheckpointException} if a checkpoint's recorded {@link #setup} differs from this
   * trainer's (for example the data file changed, so its normalization did, or the model's classes did).
   */
  public void checkSetup(Map<String, String> metadata, TrainableModel model, Path file) {
    Map<String, String> current = setup(model);
    for (String key : new String[] {NORMALIZATION_KEY, CONDITIONING_KEY}) {
      String recorded = metadata.get(key);
      String now = current.get(key);
      if (!java.util.Objects.equals(recorded, now)) {
        throw new CheckpointException(file, "it was trained with " + key + " = "
            + (recorded == null ? "(none)" : recorded) + " but the configured run has "
            + (now == null ? "(none)" : now));
      }
    }
  }

  /** Steps until {@link TrainConfig#steps()} or until the listener asks to stop. */
  public void run(TrainingState state, TrainingListener listener) {
    run(state, listener, config.steps());
  }

  /**
   * Steps until {@code untilStep} (at most {@link TrainConfig#steps()}) or until the listener asks to stop; returns
   * whether the training is over (all its steps taken, or stopped). A training run in pieces whose ends are multiples
   * of {@link TrainConfig#logEvery()} logs the same lines as one run whole.
   */
  public boolean run(TrainingState state, TrainingListener listener, int untilStep) {
    int end = Math.min(untilStep, config.steps());
    double window = 0;
    int windowSteps = 0;
    while (state.step() < end && !listener.stopRequested()) {
      double loss = step(state);
      listener.onStep(state);
      window += loss;
      windowSteps++;
      if (config.logEvery() > 0 && state.step() % config.logEvery() == 0) {
        LOG.info("step {}/{}  loss {}", state.step(), config.steps(), String.format("%.5f", window / windowSteps));
        window = 0;
        windowSteps = 0;
      }
    }
    return state.step() >= config.steps() || listener.stopRequested();
  }

  /** One optimiser step; returns its loss. */
  public double step(TrainingState state) {
    TrainableModel model = state.model();
    Rng rng = state.rng();
    int batch = config.batchSize();
    int d = data.dim();
    DataType type = model.parameters().dataType();

    boolean conditional = conditioning(model).conditional();
    INDArray x1;
    Conditions conditions = Conditions.none(batch);
    if (conditional) {
      ConditionalSample drawn = ((ConditionalDistribution) data).sampleWithConditions(batch, rng);
      x1 = drawn.x();
      conditions = drawn.conditions();
    } else {
      x1 = data.sample(batch, rng, type);
    }
    INDArray x0 = source.sample(batch, rng, type);
    // Independent pairing is the identity within classes as across them, so only other couplings split the batch.
    int[] pairing = conditional && conditions.conditioning().kind() == Conditioning.Kind.LABELS
        && !coupling.name().equals("independent")
        ? pairWithinClasses(x0, x1, conditions, rng) : coupling.pair(x0, x1, rng);
    if (!isIdentity(pairing)) {
      x0 = NdArrays.selectRows(x0, pairing);
    }
    INDArray t = NdArrays.column(times.sample(batch, rng), type);
    if (conditional) {
      boolean[] drop = new boolean[batch];
      for (int i = 0; i < batch; i++) {
        drop[i] = rng.nextDouble() < config.uncondProb();
      }
      conditions = conditions.drop(drop);
    }
    x0 = x0.castTo(type);
    x1 = x1.castTo(type);

    ProbabilityPath.PathSample sample = path.sample(x0, x1, t, rng);
    INDArray prediction = conditional ? model.predict(sample.xt(), t, conditions) : model.predict(sample.xt(), t);
    INDArray target = switch (model.parameterization()) {
      case VELOCITY -> sample.ut();
      case X1 -> x1;
      case EPSILON -> x0;
    };
    Residual residual = residual(prediction, target, 2.0 / ((double) batch * d));
    double loss = residual.sumOfSquares() / ((double) batch * d);
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("the training loss became " + loss + " at step " + (state.step() + 1)
          + "; lower train.lr or set train.grad_clip");
    }
    model.backward(residual.gradient());

    INDArray params = model.parameters();
    INDArray gradients = model.gradients();
    if (config.gradientClip() > 0) {
      double gradientNorm = gradients.norm2Number().doubleValue();
      if (gradientNorm > config.gradientClip()) {
        gradients.muli(config.gradientClip() / gradientNorm);
      }
    }
    state.optimizer().step(params, gradients, config.schedule().at(state.step(), config.steps()), state.step());
    if (state.ema() != null) {
      // Warm-up (as torch-ema's num_updates does): early averages are not dominated by the initial weights.
      double decay = Math.min(config.emaDecay(), (1.0 + state.step()) / (10.0 + state.step()));
      state.ema().muli(decay);
      Nd4j.getBlasWrapper().level1().axpy(params.length(), 1 - decay, params, state.ema());
    }
    state.recordStep(loss);
    return loss;
  }

  /** The loss's gradient (prediction - target) scale and the sum of the squared residuals. */
  private record Residual(INDArray gradient, double sumOfSquares) {}

  /**
   * For float32 in one Java pass (each native op or array costs about 10 us, as much as a layer of the 3 x 64
   * network: a subtraction, a reduction and a scaling were a tenth of its step); otherwise as ND4J ops.
   */
  private static Residual residual(INDArray prediction, INDArray target, double scale) {
    if (prediction.dataType() == DataType.FLOAT && target.dataType() == DataType.FLOAT) {
      float[] p = NdArrays.toFloats(prediction);
      float[] t = NdArrays.toFloats(target);
      float s = (float) scale;
      double sum = 0;
      for (int i = 0; i < p.length; i++) {
        float r = p[i] - t[i];
        sum += (double) r * r;
        p[i] = r * s;
      }
      return new Residual(Nd4j.create(p, prediction.shape(), 'c'), sum);
    }
    INDArray residual = prediction.sub(target);
    double sum = 0;
    for (double r : NdArrays.toDoubles(residual)) {
      sum += r * r;
    }
    return new Residual(residual.muli(scale), sum);
  }

  /** The coupling applied to each class's rows separately (source rows are exchangeable, so any split is fair). */
  private int[] pairWithinClasses(INDArray x0, INDArray x1, Conditions conditions, Rng rng) {
    int n = conditions.size();
    int[] pairing = new int[n];
    int classes = conditions.conditioning().size();
    int[] count = new int[classes];
    for (int i = 0; i < n; i++) {
      count[conditions.label(i)]++;
    }
    int[][] rows = new int[classes][];
    for (int c = 0; c < classes; c++) {
      rows[c] = new int[count[c]];
      count[c] = 0;
    }
    for (int i = 0; i < n; i++) {
      int c = conditions.label(i);
      rows[c][count[c]++] = i;
    }
    for (int c = 0; c < classes; c++) {
      if (rows[c].length == 0) {
        continue;
      }
      int[] within = coupling.pair(NdArrays.selectRows(x0, rows[c]),
          NdArrays.selectRows(x1, rows[c]), rng);
      for (int i = 0; i < within.length; i++) {
        pairing[rows[c][i]] = rows[c][within[i]];
      }
    }
    return pairing;
  }

  private static Conditioning conditioning(TrainableModel model) {
    return model instanceof ConditionalVelocityModel c ? c.conditioning() : Conditioning.NONE;
  }

  private static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return true;
  }
}
