package org.flowmatch.models.training;

import org.flowmatch.core.Coupling;
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
 * <p>Per step the generator is drawn in a fixed order: data, source, coupling, times, path noise (stochastic paths only). Together with
 * deterministic ND4J kernels this makes the same seed give bit-identical weights, and a resumed run continue
 * exactly.
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

  /** A fresh state: zero moments, the moving average starting at the initial weights. */
  public TrainingState start(TrainableModel model, Rng rng) {
    if (model.dim() != data.dim()) {
      throw new IllegalArgumentException("the model has dimension " + model.dim() + " but the data has "
          + data.dim());
    }
    INDArray params = model.parameters();
    AdamOptimizer optimizer = new AdamOptimizer(params.length(), params.dataType(), config.beta1(), config.beta2(),
        config.epsilon(), config.weightDecay());
    INDArray ema = config.emaDecay() > 0 ? params.dup() : null;
    return new TrainingState(model, ema, optimizer, rng, 0, new double[0]);
  }

  /** Steps until {@link TrainConfig#steps()} or until the listener asks to stop. */
  public void run(TrainingState state, TrainingListener listener) {
    double window = 0;
    int windowSteps = 0;
    while (state.step() < config.steps() && !listener.stopRequested()) {
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
  }

  /** One optimiser step; returns its loss. */
  public double step(TrainingState state) {
    TrainableModel model = state.model();
    Rng rng = state.rng();
    int batch = config.batchSize();
    int d = data.dim();
    DataType type = model.parameters().dataType();

    INDArray x1 = data.sample(batch, rng);
    INDArray x0 = source.sample(batch, rng);
    int[] pairing = coupling.pair(x0, x1, rng);
    if (!isIdentity(pairing)) {
      x0 = x0.getRows(pairing);
    }
    INDArray t = NdArrays.column(times.sample(batch, rng), type);
    x0 = x0.castTo(type);
    x1 = x1.castTo(type);

    ProbabilityPath.PathSample sample = path.sample(x0, x1, t, rng);
    INDArray prediction = model.predict(sample.xt(), t);
    INDArray target = switch (model.parameterization()) {
      case VELOCITY -> sample.ut();
      case X1 -> x1;
      case EPSILON -> x0;
    };
    INDArray residual = prediction.sub(target);
    double norm = residual.norm2Number().doubleValue();
    double loss = norm * norm / ((double) batch * d);
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("the training loss became " + loss + " at step " + (state.step() + 1)
          + "; lower train.lr or set train.grad_clip");
    }
    model.backward(residual.muli(2.0 / ((double) batch * d)));

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

  private static boolean isIdentity(int[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] != i) {
        return false;
      }
    }
    return true;
  }
}
