package org.flowmatch.models.mlp;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The DL4J {@link MultiLayerNetwork} behind an MLP velocity model, with one flat parameter array and one flat
 * gradient array in DL4J's layout (per layer: W as an f-order [in, out] matrix, then b), and views of both per
 * layer.
 *
 * <p>The last layer is a {@code DenseLayer} with identity activation rather than an {@code OutputLayer}, so that
 * DL4J's {@code backpropGradient} accepts an arbitrary output gradient: the loss lives in the trainer, and
 * vector-Jacobian products are backward passes from a cotangent.
 */
public final class MlpNetwork {
  private final MlpSpec spec;
  private final MultiLayerNetwork network;
  private final INDArray params;
  private final INDArray gradients;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray[] weightGradients;
  private final INDArray[] biasGradients;

  private MlpNetwork(MlpSpec spec, INDArray params) {
    this.spec = spec;
    int[] sizes = spec.layerSizes();
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .dataType(spec.dataType())
        .list();
    for (int l = 0; l + 1 < sizes.length; l++) {
      boolean hidden = l + 2 < sizes.length;
      layers.layer(new DenseLayer.Builder().nIn(sizes[l]).nOut(sizes[l + 1])
          .activation(hidden ? spec.activation().dl4j()
              : org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction())
          .build());
    }
    MultiLayerConfiguration conf = layers.build();
    this.network = new MultiLayerNetwork(conf);
    network.init(params, false);
    this.params = params;
    network.initGradientsView();
    this.gradients = network.getGradientsViewArray();
    int layerCount = sizes.length - 1;
    weights = new INDArray[layerCount];
    biases = new INDArray[layerCount];
    for (int l = 0; l < layerCount; l++) {
      weights[l] = network.getParam(l + "_W");
      INDArray b = network.getParam(l + "_b");
      biases[l] = b.rank() == 2 ? b : b.reshape(1, b.length());
    }
    INDArray[][] gradientViews = layerViews(gradients, sizes);
    weightGradients = gradientViews[0];
    biasGradients = gradientViews[1];
  }

  /**
   * Per-layer views {W [in, out] f-order, b [1, out]} of a flat array in DL4J's parameter layout: [0] the weight
   * views, [1] the bias views.
   */
  static INDArray[][] layerViews(INDArray flat, int[] sizes) {
    int layerCount = sizes.length - 1;
    INDArray[] w = new INDArray[layerCount];
    INDArray[] b = new INDArray[layerCount];
    long offset = 0;
    for (int l = 0; l < layerCount; l++) {
      long n = (long) sizes[l] * sizes[l + 1];
      w[l] = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n))
          .reshape('f', sizes[l], sizes[l + 1]);
      b[l] = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset + n, offset + n + sizes[l + 1]))
          .reshape('c', 1, sizes[l + 1]);
      offset += n + sizes[l + 1];
    }
    return new INDArray[][] {w, b};
  }

  /**
   * A network with PyTorch's default initialisation of {@code nn.Linear}: every weight and bias of a layer with
   * fan-in n uniform on [-1/sqrt(n), 1/sqrt(n)], drawn from {@code rng} in the flat parameter order, so that the
   * seed alone fixes the weights (DL4J's own initialisers would draw from ND4J's global generator).
   */
  public static MlpNetwork initialize(MlpSpec spec, Rng rng) {
    int[] sizes = spec.layerSizes();
    double[] flat = new double[parameterCount(sizes)];
    int offset = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      double bound = 1 / Math.sqrt(sizes[l]);
      int count = sizes[l] * sizes[l + 1] + sizes[l + 1];
      for (int i = 0; i < count; i++) {
        flat[offset + i] = (2 * rng.nextDouble() - 1) * bound;
      }
      offset += count;
    }
    return new MlpNetwork(spec, Nd4j.create(flat, new long[] {1, flat.length}, spec.dataType()));
  }

  /** A network over a copy of the given flat parameters (for example from a checkpoint). */
  public static MlpNetwork withParameters(MlpSpec spec, INDArray params) {
    long expected = parameterCount(spec.layerSizes());
    if (params.length() != expected) {
      throw new IllegalArgumentException("the parameters have " + params.length() + " entries but " + spec
          + " needs " + expected);
    }
    return new MlpNetwork(spec, params.reshape(1, expected).castTo(spec.dataType()).dup());
  }

  static int parameterCount(int[] sizes) {
    int count = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      count += sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    return count;
  }

  public MlpSpec spec() {
    return spec;
  }

  /** The DL4J network; it shares its parameters with this object. */
  public MultiLayerNetwork dl4j() {
    return network;
  }

  /** The flat parameters {@code [1, n]}, shared with the network. */
  public INDArray params() {
    return params;
  }

  /** The flat gradient {@code [1, n]}, the network's gradient view. */
  public INDArray gradients() {
    return gradients;
  }

  public int layers() {
    return weights.length;
  }

  INDArray weight(int layer) {
    return weights[layer];
  }

  INDArray bias(int layer) {
    return biases[layer];
  }

  INDArray weightGradient(int layer) {
    return weightGradients[layer];
  }

  INDArray biasGradient(int layer) {
    return biasGradients[layer];
  }
}
