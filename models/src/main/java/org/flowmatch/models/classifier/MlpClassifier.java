package org.flowmatch.models.classifier;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A multilayer perceptron classifier on DL4J: inputs standardized with the training set's mean and standard
 * deviation (floored at a quarter of the mean deviation), ReLU hidden layers, a softmax output trained with cross-entropy and Adam on shuffled minibatches.
 * The last hidden layer is the feature layer ({@link #features}).
 *
 * <p>Reproducible: the initial weights (uniform on +-1/sqrt(fan-in), PyTorch's default) and the order of the
 * minibatches come from the caller's {@link Rng}, not from ND4J's global generator, so a seed fixes the trained
 * network. Immutable after training; {@link #predict} and {@link #features} are synchronized because a DL4J
 * network is not thread-safe.
 */
public final class MlpClassifier {

  /**
   * How to build and train a classifier.
   *
   * @param hidden the hidden layer widths (the last is the feature layer)
   * @param epochs passes over the training set
   * @param batchSize rows per Adam step
   * @param learningRate Adam's step size
   */
  public record Spec(int[] hidden, int epochs, int batchSize, double learningRate) {

    /** 128 then 64 hidden units, 40 epochs of batches of 64 at 1e-3: about a second on the digits. */
    public static Spec standard() {
      return new Spec(new int[] {128, 64}, 40, 64, 1e-3);
    }

    public Spec {
      if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
        throw new IllegalArgumentException("hidden must list at least one positive width, got "
            + Arrays.toString(hidden));
      }
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("epochs, batchSize and learningRate must be positive, got " + epochs
            + ", " + batchSize + ", " + learningRate);
      }
      hidden = hidden.clone();
    }

    @Override
    public int[] hidden() {
      return hidden.clone();
    }
  }

  private final MultiLayerNetwork network;
  private final double[] mean;
  private final double[] scale;
  private final int classes;

  private MlpClassifier(MultiLayerNetwork network, double[] mean, double[] scale, int classes) {
    this.network = network;
    this.mean = mean;
    this.scale = scale;
    this.classes = classes;
  }

  /**
   * Trains a classifier of {@code x[n][d]} into the labels {@code y[n]} in {0, ..., classes - 1}.
   *
   * @throws IllegalArgumentException if the sets are empty, ragged, of different lengths, hold a non-finite value
   *     or a label out of range
   */
  public static MlpClassifier train(double[][] x, int[] y, int classes, Spec spec, Rng rng) {
    int d = check(x, "x");
    if (y.length != x.length) {
      throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " labels");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, got " + classes);
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("y[" + i + "] must be in [0, " + classes + "), got " + y[i]);
      }
    }
    int n = x.length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
    }
    double meanScale = 0;
    for (int j = 0; j < d; j++) {
      scale[j] = Math.sqrt(scale[j]);
      meanScale += scale[j] / d;
    }
    for (int j = 0; j < d; j++) {
      // A nearly constant input (a pixel blank in almost every image) is scaled no more than a quarter of the
      // typical one would be, so that a generated sample's faint value there is not magnified a hundredfold.
      scale[j] = Math.max(scale[j], meanScale > 0 ? meanScale / 4 : 1);
    }
    MultiLayerNetwork network = network(d, classes, spec, rng);
    MlpClassifier c = new MlpClassifier(network, mean, scale, classes);
    INDArray inputs = c.standardized(x);
    int batch = Math.min(spec.batchSize(), n);
    for (int epoch = 0; epoch < spec.epochs(); epoch++) {
      int[] order = rng.permutation(n);
      for (int start = 0; start + batch <= n; start += batch) {
        // Whole batches only, so that every step has the same shape.
        long[] rows = new long[batch];
        float[] oneHot = new float[batch * classes];
        for (int b = 0; b < batch; b++) {
          rows[b] = order[start + b];
          oneHot[b * classes + y[order[start + b]]] = 1;
        }
        INDArray features = NdArrays.selectRows(inputs, Arrays.stream(rows).mapToInt(r -> (int) r).toArray());
        network.fit(features, Nd4j.create(oneHot, new long[] {batch, classes}));
      }
    }
    return c;
  }

  private static MultiLayerNetwork network(int d, int classes, Spec spec, Rng rng) {
    int[] hidden = spec.hidden();
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = d;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = classes;
    NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
        .dataType(DataType.FLOAT)
        .updater(new Adam(spec.learningRate()))
        .list();
    for (int l = 0; l < hidden.length; l++) {
      layers.layer(new DenseLayer.Builder().nIn(sizes[l]).nOut(sizes[l + 1]).activation(Activation.RELU).build());
    }
    layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden[hidden.length - 1])
        .nOut(classes).activation(Activation.SOFTMAX).build());
    MultiLayerConfiguration conf = layers.build();
    // DL4J's flat layout: per layer W [in, out] then b; both uniform on +-1/sqrt(fan-in), drawn from rng.
    int count = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      count += sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    float[] flat = new float[count];
    int offset = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      double bound = 1 / Math.sqrt(sizes[l]);
      int size = sizes[l] * sizes[l + 1] + sizes[l + 1];
      for (int i = 0; i < size; i++) {
        flat[offset + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
      }
      offset += size;
    }
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init(Nd4j.create(flat, new long[] {1, count}), false);
    return network;
  }

  /** The number of classes. */
  public int classes() {
    return classes;
  }

  /** The input dimension. */
  public int dim() {
    return mean.length;
  }

  /** The width of the feature layer. */
  public int featureDim() {
    return (int) network.getLayer(network.getnLayers() - 1).getParam("W").rows();
  }

  /** The class probabilities of every row, {@code [n][classes]}. */
  public synchronized double[][] probabilities(double[][] x) {
    return rows(network.output(standardized(x), false));
  }

  /** The most probable class of every row (the lowest index among ties). */
  public int[] predict(double[][] x) {
    double[][] p = probabilities(x);
    int[] label = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (p[i][k] > p[i][best]) {
          best = k;
        }
      }
      label[i] = best;
    }
    return label;
  }

  /** The activations of the last hidden layer for every row, {@code [n][featureDim]}. */
  public synchronized double[][] features(double[][] x) {
    INDArray in = standardized(x);
    // feedForward lists the input, then every layer's output: the feature layer is the one before the softmax.
    return rows(network.feedForward(in, false).get(network.getnLayers() - 1));
  }

  /** The fraction of rows whose predicted class is the given label. */
  public double accuracy(double[][] x, int[] y) {
    if (y.length != x.length) {
      throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " labels");
    }
    int[] p = predict(x);
    int right = 0;
    for (int i = 0; i < p.length; i++) {
      right += p[i] == y[i] ? 1 : 0;
    }
    return (double) right / p.length;
  }

  private INDArray standardized(double[][] x) {
    int d = check(x, "x");
    if (d != mean.length) {
      throw new IllegalArgumentException("the classifier takes " + mean.length + " inputs, got rows of " + d);
    }
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < d; j++) {
        flat[i * d + j] = (float) ((x[i][j] - mean[j]) / scale[j]);
      }
    }
    return Nd4j.create(flat, new long[] {x.length, d});
  }

  private static double[][] rows(INDArray m) {
    return m.castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  private static int check(double[][] x, String name) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException(name + " must hold at least one row");
    }
    int d = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d || d == 0) {
        throw new IllegalArgumentException(name + " must have rows of one positive length, but row 0 has " + d
            + " values and row " + i + " has " + x[i].length);
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite, got " + x[i][j]);
        }
      }
    }
    return d;
  }
}
