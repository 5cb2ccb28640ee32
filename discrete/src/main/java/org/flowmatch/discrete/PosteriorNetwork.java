package org.flowmatch.discrete;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.models.mlp.StableSwish;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The factorized posterior as a DL4J {@link ComputationGraph}: the tokens of x_t and t in, D x V logits out, softmax
 * per position. Two ways in for the tokens ({@link Input}):
 *
 * <ul>
 *   <li>{@code embedding} (the default), flow_matching's 2-D discrete MLP: a token embedding of {@code embedding}
 *       units shared by the positions, initialised N(0, 1) as {@code nn.Embedding} is, and a linear time embedding
 *       (1 to 1); Swish on both; their concatenation feeds the hidden layers;
 *   <li>{@code one-hot}: D one-hot blocks beside t straight into the first hidden layer.
 * </ul>
 *
 * then {@code depth} Swish layers of {@code width} units and a linear layer of D x V logits. The two are the same
 * family of functions of the tokens (a linear map of a one-hot block is a lookup table) but train very differently:
 * PyTorch's default initialisation, uniform on +-1/sqrt(fan_in), assumes inputs of unit scale in every column, while
 * a one-hot input has D non-zero columns out of D V + 1, so the first layer starts about sqrt(V) too small; the
 * embedding's N(0, 1) rows start at unit scale (docs/discrete.md, "What made the difference", measures it).
 *
 * <p>The output layer is a plain dense layer with identity activation, so that the loss (which needs x_t and t
 * besides the labels) lives in {@link DiscreteLoss} and reaches the network as a gradient through
 * {@code backpropGradient}. Every weight is drawn from an {@link Rng}, layer by layer (dense layers: PyTorch's
 * default uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)), weights then biases), so a seed fixes them. Not thread-safe.
 */
public final class PosteriorNetwork implements Posterior {

  /** How the tokens enter the network. */
  public enum Input {
    EMBEDDING("embedding"), ONE_HOT("one-hot");

    private final String configName;

    Input(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    /** The input of that config name, or null. */
    public static Input named(String name) {
      for (Input i : values()) {
        if (i.configName.equals(name)) {
          return i;
        }
      }
      return null;
    }
  }

  /**
   * The architecture.
   *
   * @param length D
   * @param vocabulary V, the data tokens (output blocks)
   * @param symbols the symbols of x_t (V, or V + 1 with a mask)
   * @param input how the tokens enter
   * @param embedding units of the token embedding (with {@link Input#EMBEDDING}; ignored otherwise)
   * @param width units per hidden layer
   * @param depth hidden layers
   * @param dataType float or double
   */
  public record Spec(int length, int vocabulary, int symbols, Input input, int embedding, int width, int depth,
      DataType dataType) {
    public Spec {
      Checks.positive(length, "length");
      Checks.positive(vocabulary, "vocabulary");
      Checks.positive(width, "model.width");
      Checks.positive(depth, "model.depth");
      if (input == null) {
        throw new IllegalArgumentException("model.input must be given");
      }
      if (input == Input.EMBEDDING) {
        Checks.positive(embedding, "model.embedding");
      } else {
        embedding = 0;
      }
      if (symbols != vocabulary && symbols != vocabulary + 1) {
        throw new IllegalArgumentException("symbols must be V or V + 1, got " + symbols + " with V = " + vocabulary);
      }
      if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
        throw new IllegalArgumentException("model.dtype must be float32 or float64, got " + dataType);
      }
    }

    /** The same architecture over another number of input symbols. */
    public Spec withSymbols(int symbols) {
      return new Spec(length, vocabulary, symbols, input, embedding, width, depth, dataType);
    }

    /** The width of the first hidden layer's input. */
    int firstWidth() {
      return input == Input.EMBEDDING ? length * embedding + 1 : length * symbols + 1;
    }

    /** The number of parameters. */
    public int parameterCount() {
      int count = input == Input.EMBEDDING ? symbols * embedding + 2 : 0;
      int in = firstWidth();
      for (int l = 0; l < depth; l++) {
        count += in * width + width;
        in = width;
      }
      return count + width * length * vocabulary + length * vocabulary;
    }
  }

  /** Swish with a derivative that is finite everywhere (libnd4j's is NaN in float32 from z of about 44 on). */
  private static final StableSwish SWISH = new StableSwish();
  private static final String TOKENS = "tokens";
  private static final String TIME = "t";
  private static final String EMBED = "embed";
  private static final String TIME_EMBED = "time";
  private static final String OUT = "out";

  private final Spec spec;
  private final ComputationGraph network;
  private final INDArray params;

  private PosteriorNetwork(Spec spec, INDArray params) {
    this.spec = spec;
    this.network = new ComputationGraph(configuration(spec));
    network.init(params, false);
    network.initGradientsView();
    this.params = params;
  }

  /** Layer names from the first hidden layer on: hidden0 .. hidden(depth - 1), out. */
  private static String hidden(int l) {
    return "hidden" + l;
  }

  private static ComputationGraphConfiguration configuration(Spec spec) {
    ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().dataType(spec.dataType())
        .graphBuilder();
    String into;
    if (spec.input() == Input.EMBEDDING) {
      g.addInputs(TOKENS, TIME)
          // [n, D] token indices -> [n, D, E] (NWC keeps each position's E units together, as torch's reshape).
          .addLayer(EMBED, new EmbeddingSequenceLayer.Builder().nIn(spec.symbols()).nOut(spec.embedding())
              .inputLength(spec.length()).hasBias(false).outputDataFormat(RNNFormat.NWC)
              .activation(Activation.IDENTITY).build(), TOKENS)
          .addLayer("embed-swish", new ActivationLayer.Builder().activation(SWISH).build(), EMBED)
          .addVertex("flat", new ReshapeVertex(-1, spec.length() * spec.embedding()), "embed-swish")
          .addLayer(TIME_EMBED, new DenseLayer.Builder().nIn(1).nOut(1).activation(SWISH).build(), TIME)
          .addVertex("features", new MergeVertex(), "flat", TIME_EMBED);
      into = "features";
    } else {
      g.addInputs(TOKENS);
      into = TOKENS;
    }
    int in = spec.firstWidth();
    for (int l = 0; l < spec.depth(); l++) {
      g.addLayer(hidden(l), new DenseLayer.Builder().nIn(in).nOut(spec.width()).activation(SWISH).build(),
          into);
      into = hidden(l);
      in = spec.width();
    }
    g.addLayer(OUT, new DenseLayer.Builder().nIn(in).nOut(spec.length() * spec.vocabulary())
        .activation(Activation.IDENTITY).build(), into);
    return g.setOutputs(OUT).build();
  }

  /**
   * A network with weights drawn from {@code rng}, layer by layer from the input: the token embedding N(0, 1), the
   * time embedding's weight and bias uniform on +-1, then each dense layer's weights and biases uniform on
   * +-1/sqrt(fan_in) (its [in, out] weight matrix row by row).
   */
  public static PosteriorNetwork initialize(Spec spec, Rng rng) {
    PosteriorNetwork net = new PosteriorNetwork(spec, Nd4j.zeros(spec.dataType(), 1, spec.parameterCount()));
    if (spec.input() == Input.EMBEDDING) {
      net.fill(EMBED, "W", 0, rng);
      net.fill(TIME_EMBED, "W", 1, rng);
      net.fill(TIME_EMBED, "b", 1, rng);
    }
    int in = spec.firstWidth();
    for (int l = 0; l <= spec.depth(); l++) {
      String layer = l < spec.depth() ? hidden(l) : OUT;
      net.fill(layer, "W", 1 / Math.sqrt(in), rng);
      net.fill(layer, "b", 1 / Math.sqrt(in), rng);
      in = spec.width();
    }
    return net;
  }

  /** Fills one parameter array: N(0, 1) when {@code bound} is 0, else uniform on +-bound, in row-major order. */
  private void fill(String layer, String key, double bound, Rng rng) {
    INDArray p = network.getParam(layer + "_" + key);
    long rows = p.rank() == 2 ? p.rows() : 1;
    long cols = p.length() / rows;
    double[] values = new double[(int) p.length()];
    for (int k = 0; k < values.length; k++) {
      values[k] = bound == 0 ? rng.nextGaussian() : (2 * rng.nextDouble() - 1) * bound;
    }
    p.assign(Nd4j.create(values, new long[] {rows, cols}, DataType.DOUBLE).reshape(p.shape()).castTo(p.dataType()));
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

  /** The parameter arrays by DL4J name ({@code embed_W}, {@code time_W}, {@code hidden0_W}, ..., {@code out_b}). */
  Map<String, INDArray> paramTable() {
    return network.paramTable();
  }

  /** The gradients of the last {@link #lossAndGradient} by the names of {@link #paramTable}. */
  Map<String, INDArray> gradientTable() {
    return network.gradient().gradientForVariable();
  }

  @Override
  public int length() {
    return spec.length();
  }

  @Override
  public int vocabulary() {
    return spec.vocabulary();
  }

  /** The network inputs: the token indices and t, or the D one-hot blocks then t. */
  INDArray[] inputs(int[][] xt, double[] t) {
    Tokens.check(xt, "xt", t.length, spec.length(), spec.symbols());
    int n = xt.length;
    int length = spec.length();
    if (spec.input() == Input.EMBEDDING) {
      double[] tokens = new double[n * length];
      double[] times = new double[n];
      for (int r = 0; r < n; r++) {
        for (int i = 0; i < length; i++) {
          tokens[r * length + i] = xt[r][i];
        }
        times[r] = Checks.time(t[r], "t[" + r + "]");
      }
      return new INDArray[] {Nd4j.create(tokens, new long[] {n, length}, DataType.DOUBLE).castTo(spec.dataType()),
          Nd4j.create(times, new long[] {n, 1}, DataType.DOUBLE).castTo(spec.dataType())};
    }
    int width = spec.firstWidth();
    double[] in = new double[n * width];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < length; i++) {
        in[r * width + i * spec.symbols() + xt[r][i]] = 1;
      }
      in[r * width + width - 1] = Checks.time(t[r], "t[" + r + "]");
    }
    return new INDArray[] {Nd4j.create(in, new long[] {n, width}, DataType.DOUBLE).castTo(spec.dataType())};
  }

  /** The logits {@code [n * D * V]}, row-major then position-major. */
  public double[] logits(int[][] xt, double[] t) {
    return NdArrays.toDoubles(network.output(false, inputs(xt, t))[0]);
  }

  @Override
  public double[][] posterior(int[][] xt, double[] t) {
    double[] logits = logits(xt, t);
    int v = spec.vocabulary();
    int block = spec.length() * v;
    double[][] out = new double[xt.length][block];
    for (int r = 0; r < xt.length; r++) {
      for (int i = 0; i < spec.length(); i++) {
        DiscreteLoss.softmax(logits, r * block + i * v, v, out[r], i * v);
      }
    }
    return out;
  }

  /** The loss of a batch; its gradient with respect to the parameters is left in {@link #gradients()}. */
  public double lossAndGradient(int[][] x1, int[][] xt, double[] t, MixturePath path, DiscreteLoss loss) {
    INDArray out = network.feedForward(inputs(xt, t), true, false).get(OUT);
    double[] logits = NdArrays.toDoubles(out);
    double[] gradient = new double[logits.length];
    double value = loss.evaluate(logits, x1, xt, t, path, gradient);
    network.backpropGradient(Nd4j.create(gradient, out.shape(), DataType.DOUBLE).castTo(spec.dataType()));
    network.clear();
    return value;
  }

  @Override
  public String toString() {
    return "posterior MLP (D = " + spec.length() + ", V = " + spec.vocabulary() + ", "
        + (spec.input() == Input.EMBEDDING ? "token embedding " + spec.embedding() + ", " : "one-hot input, ")
        + spec.depth() + " x " + spec.width() + " Swish, " + spec.parameterCount() + " parameters)";
  }
}
