package org.flowmatch.discrete;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.flowmatch.core.Checks;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The factorized posterior as a DL4J {@link MultiLayerNetwork}, the shape of flow_matching's 2-D discrete MLP: the
 * tokens of x_t enter one-hot (D blocks of V or V + 1 symbols) beside t, so the first dense layer is a token
 * embedding per position plus a time embedding; {@code depth} Swish layers of {@code width} units follow; the last
 * layer outputs D x V logits and the posterior is their softmax per position.
 *
 * <p>The output layer is a plain {@code DenseLayer} with identity activation, so that the loss (which needs x_t
 * and t besides the labels) lives in {@link DiscreteLoss} and reaches the network as a gradient through
 * {@code backpropGradient}. Weights are drawn from an {@link Rng} (PyTorch's default uniform(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))), so a seed fixes them. Not thread-safe.
 */
public final class PosteriorNetwork implements Posterior {

  /**
   * The architecture.
   *
   * @param length D
   * @param vocabulary V, the data tokens (output blocks)
   * @param symbols the symbols of x_t (V, or V + 1 with a mask)
   * @param width units per hidden layer
   * @param depth hidden layers
   * @param dataType float or double
   */
  public record Spec(int length, int vocabulary, int symbols, int width, int depth, DataType dataType) {
    public Spec {
      Checks.positive(length, "length");
      Checks.positive(vocabulary, "vocabulary");
      Checks.positive(width, "model.width");
      Checks.positive(depth, "model.depth");
      if (symbols != vocabulary && symbols != vocabulary + 1) {
        throw new IllegalArgumentException("symbols must be V or V + 1, got " + symbols + " with V = " + vocabulary);
      }
      if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
        throw new IllegalArgumentException("model.dtype must be float32 or float64, got " + dataType);
      }
    }

    /** The same architecture over another number of input symbols. */
    public Spec withSymbols(int symbols) {
      return new Spec(length, vocabulary, symbols, width, depth, dataType);
    }

    int[] sizes() {
      int[] sizes = new int[depth + 2];
      sizes[0] = length * symbols + 1;
      for (int l = 1; l <= depth; l++) {
        sizes[l] = width;
      }
      sizes[depth + 1] = length * vocabulary;
      return sizes;
    }

    /** The number of parameters. */
    public int parameterCount() {
      int[] sizes = sizes();
      int count = 0;
      for (int l = 0; l + 1 < sizes.length; l++) {
        count += sizes[l] * sizes[l + 1] + sizes[l + 1];
      }
      return count;
    }
  }

  private final Spec spec;
  private final MultiLayerNetwork network;
  private final INDArray params;

  private PosteriorNetwork(Spec spec, INDArray params) {
    this.spec = spec;
    int[] sizes = spec.sizes();
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder().dataType(spec.dataType())
        .list();
    for (int l = 0; l + 1 < sizes.length; l++) {
      boolean hidden = l + 2 < sizes.length;
      layers.layer(new DenseLayer.Builder().nIn(sizes[l]).nOut(sizes[l + 1])
          .activation(hidden ? Activation.SWISH : Activation.IDENTITY).build());
    }
    MultiLayerConfiguration conf = layers.build();
    this.network = new MultiLayerNetwork(conf);
    network.init(params, false);
    network.initGradientsView();
    this.params = params;
  }

  /** A network with weights and biases uniform on +-1/sqrt(fan_in), drawn from {@code rng} in parameter order. */
  public static PosteriorNetwork initialize(Spec spec, Rng rng) {
    int[] sizes = spec.sizes();
    double[] flat = new double[spec.parameterCount()];
    int offset = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      double bound = 1 / Math.sqrt(sizes[l]);
      int count = sizes[l] * sizes[l + 1] + sizes[l + 1];
      for (int i = 0; i < count; i++) {
        flat[offset + i] = (2 * rng.nextDouble() - 1) * bound;
      }
      offset += count;
    }
    return new PosteriorNetwork(spec, Nd4j.create(flat, new long[] {1, flat.length}, DataType.DOUBLE)
        .castTo(spec.dataType()));
  }

  /** A network over a copy of {@code params} (for example from a checkpoint). */
  public static PosteriorNetwork withParameters(Spec spec, INDArray params) {
    if (params.length() != spec.parameterCount()) {
      throw new IllegalArgumentException("the parameters have " + params.length() + " entries but " + spec
          + " needs " + spec.parameterCount());
    }
    return new PosteriorNetwork(spec, params.reshape(1, params.length()).castTo(spec.dataType()).dup());
  }

  public Spec spec() {
    return spec;
  }

  /** The flat parameters {@code [1, n]}, shared with the network. */
  public INDArray params() {
    return params;
  }

  /** The flat gradient {@code [1, n]} of the last {@link #lossAndGradient}. */
  public INDArray gradients() {
    return network.getGradientsViewArray();
  }

  @Override
  public int length() {
    return spec.length();
  }

  @Override
  public int vocabulary() {
    return spec.vocabulary();
  }

  /** The network input: D one-hot blocks of the symbols, then t. */
  INDArray input(int[][] xt, double[] t) {
    Tokens.check(xt, "xt", t.length, spec.length(), spec.symbols());
    int width = spec.length() * spec.symbols() + 1;
    double[] in = new double[xt.length * width];
    for (int r = 0; r < xt.length; r++) {
      for (int i = 0; i < spec.length(); i++) {
        in[r * width + i * spec.symbols() + xt[r][i]] = 1;
      }
      in[r * width + width - 1] = Checks.time(t[r], "t[" + r + "]");
    }
    return Nd4j.create(in, new long[] {xt.length, width}, DataType.DOUBLE).castTo(spec.dataType());
  }

  /** The logits {@code [n * D * V]}, row-major then position-major. */
  public double[] logits(int[][] xt, double[] t) {
    return network.output(input(xt, t), false).castTo(DataType.DOUBLE).data().asDouble();
  }

  @Override
  public double[][] posterior(int[][] xt, double[] t) {
    double[] logits = logits(xt, t);
    int v = spec.vocabulary();
    int block = spec.length() * v;
    double[][] out = new double[xt.length][block];
    double[] logp = new double[v];
    for (int r = 0; r < xt.length; r++) {
      for (int i = 0; i < spec.length(); i++) {
        DiscreteLoss.logSoftmax(logits, r * block + i * v, v, logp);
        for (int y = 0; y < v; y++) {
          out[r][i * v + y] = Math.exp(logp[y]);
        }
      }
    }
    return out;
  }

  /** The loss of a batch; its gradient with respect to the parameters is left in {@link #gradients()}. */
  public double lossAndGradient(int[][] x1, int[][] xt, double[] t, MixturePath path, DiscreteLoss loss) {
    network.setInput(input(xt, t));
    List<INDArray> activations = network.feedForward(true, false);
    INDArray out = activations.get(activations.size() - 1);
    double[] logits = out.castTo(DataType.DOUBLE).data().asDouble();
    double[] gradient = new double[logits.length];
    double value = loss.evaluate(logits, x1, xt, t, path, gradient);
    INDArray epsilon = Nd4j.create(gradient, out.shape(), DataType.DOUBLE).castTo(spec.dataType());
    network.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
    network.clear();
    return value;
  }

  @Override
  public String toString() {
    return "posterior MLP (D = " + spec.length() + ", V = " + spec.vocabulary() + ", " + spec.depth() + " x "
        + spec.width() + " Swish, " + spec.parameterCount() + " parameters)";
  }
}
