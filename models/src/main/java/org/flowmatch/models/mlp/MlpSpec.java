package org.flowmatch.models.mlp;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Parameterization;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The shape of an MLP velocity network: {@code depth} hidden layers of {@code width} units on the input
 * (x, time features, condition features), and a linear output of {@code dim} units.
 *
 * <p>A condition enters by concatenation: a one-hot class vector (all zeros for "none"), or the condition vector
 * and a presence flag. Concatenating a one-hot vector to the input of the first layer is the same as adding a
 * learned class embedding of the layer's width to its pre-activation (the embedding is the class's column block of
 * the first weight matrix), so the network needs nothing but a wider input.
 *
 * @param dim the data dimension
 * @param width the units per hidden layer
 * @param depth the number of hidden layers
 * @param activation the hidden activation
 * @param time how t enters the network
 * @param dataType FLOAT (the default) or DOUBLE
 * @param parameterization what the output layer predicts; the model converts it to a velocity through the path
 * @param conditioning what the network is conditioned on ({@link Conditioning#NONE} for an unconditional one)
 */
public record MlpSpec(int dim, int width, int depth, Activation activation, TimeEmbedding time, DataType dataType,
    Parameterization parameterization, Conditioning conditioning) {

  /** An unconditional network. */
  public MlpSpec(int dim, int width, int depth, Activation activation, TimeEmbedding time, DataType dataType,
      Parameterization parameterization) {
    this(dim, width, depth, activation, time, dataType, parameterization, Conditioning.NONE);
  }

  public MlpSpec {
    Checks.positive(dim, "model.dim");
    Checks.positive(width, "model.width");
    Checks.positive(depth, "model.depth");
    if (activation == null || time == null || parameterization == null || conditioning == null) {
      throw new IllegalArgumentException("activation, time embedding, parameterization and conditioning must be"
          + " given");
    }
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("model.dtype must be float32 or float64, got " + dataType);
    }
  }

  /** The reference configuration of the speed benchmark: 3 x 256 SiLU, raw t, float32, velocity. */
  public static MlpSpec reference(int dim) {
    return new MlpSpec(dim, 256, 3, Activation.SILU, TimeEmbedding.raw(), DataType.FLOAT,
        Parameterization.VELOCITY);
  }

  /** The input width: the data, the time features, then the condition features. */
  public int inputWidth() {
    return dim + time.width() + conditioning.featureWidth();
  }

  /** This spec with another conditioning. */
  public MlpSpec withConditioning(Conditioning c) {
    return new MlpSpec(dim, width, depth, activation, time, dataType, parameterization, c);
  }

  /**
   * The number of weights and biases; {@code Long.MAX_VALUE} when they overflow a long (a width of 2e9 has more
   * than any array holds).
   */
  public long parameterCount() {
    int[] sizes = layerSizes();
    long count = 0;
    try {
      for (int l = 1; l < sizes.length; l++) {
        count = Math.addExact(count, Math.multiplyExact((long) sizes[l - 1] + 1, sizes[l]));
      }
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
    return count;
  }

  /** The layer widths from input to output. */
  public int[] layerSizes() {
    int[] sizes = new int[depth + 2];
    sizes[0] = inputWidth();
    for (int l = 1; l <= depth; l++) {
      sizes[l] = width;
    }
    sizes[depth + 1] = dim;
    return sizes;
  }
}
