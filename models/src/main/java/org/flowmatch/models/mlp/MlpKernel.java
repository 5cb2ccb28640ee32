package org.flowmatch.models.mlp;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward passes of an {@link MlpNetwork} as ND4J matrix products into preallocated buffers.
 *
 * <p>Why not {@code MultiLayerNetwork.fit} and {@code output}: each call allocates every activation and gradient
 * afresh and runs per-layer bookkeeping, which on small networks costs more than the arithmetic. Here every
 * product is a {@code Nd4j.gemm} into a buffer that lives as long as the kernel, the bias gradient is a product with
 * a row of ones rather than a column reduction, and SiLU keeps its gate sigmoid(z) from the forward pass so that its
 * derivative costs four cheap element-wise ops instead of a second pass through exp. Buffers grow to the largest
 * batch seen; smaller batches use row views of them.
 *
 * <p>Not thread-safe, and the results of {@link #forward} and {@link #backward} are views of the buffers, valid
 * until the next call.
 */
final class MlpKernel {
  private final MlpNetwork network;
  private final DataType type;
  private final int[] sizes;
  private final int layers;
  private final boolean silu;
  private final IActivation function;

  private int capacity;
  /** Per layer: pre-activations z (all layers), activations h and SiLU gates (hidden layers). */
  private INDArray[] pre;
  private INDArray[] post;
  private INDArray[] gate;
  private INDArray ones;
  private INDArray hiddenA;
  private INDArray hiddenB;
  private INDArray scratch;
  private INDArray inputGradient;

  private INDArray input;
  private int rows;

  MlpKernel(MlpNetwork network) {
    this.network = network;
    this.type = network.spec().dataType();
    this.sizes = network.spec().layerSizes();
    this.layers = sizes.length - 1;
    this.silu = network.spec().activation() == Activation.SILU;
    this.function = network.spec().activation().function();
  }

  /**
   * The network's output for {@code in} {@code [m, inputWidth]}, kept with every activation for a following
   * {@link #backward}. {@code in} must not change until then.
   */
  INDArray forward(INDArray in) {
    int m = (int) in.rows();
    ensureCapacity(m);
    input = in;
    rows = m;
    INDArray h = in;
    for (int l = 0; l < layers; l++) {
      INDArray z = head(pre[l], m);
      Nd4j.gemm(h, network.weight(l), z, false, false, 1.0, 0.0);
      z.addiRowVector(network.bias(l));
      h = l + 1 < layers ? activate(l, z, m) : z;
    }
    return h;
  }

  /**
   * Back-propagates {@code outputGradient} {@code [m, dim]} through the last {@link #forward}: writes the parameter
   * gradients into the network's gradient view when {@code parameterGradients}, and returns the gradient with
   * respect to the input {@code [m, inputWidth]} (a vector-Jacobian product).
   */
  INDArray backward(INDArray outputGradient, boolean parameterGradients) {
    int m = rows;
    INDArray dz = outputGradient;
    for (int l = layers - 1; l >= 0; l--) {
      INDArray below = l == 0 ? input : head(post[l - 1], m);
      if (parameterGradients) {
        Nd4j.gemm(below, dz, network.weightGradient(l), true, false, 1.0, 0.0);
        Nd4j.gemm(onesRow(m), dz, network.biasGradient(l), false, false, 1.0, 0.0);
      }
      // The gradients of the hidden layers alternate between two buffers, from the top down.
      INDArray dBelow = head(l == 0 ? inputGradient : (layers - 1 - l) % 2 == 0 ? hiddenA : hiddenB, m);
      Nd4j.gemm(dz, network.weight(l), dBelow, false, true, 1.0, 0.0);
      dz = l == 0 ? dBelow : deactivate(l - 1, dBelow, m);
    }
    return dz;
  }

  /** h = act(z) for hidden layer {@code l}. */
  private INDArray activate(int l, INDArray z, int m) {
    INDArray h = head(post[l], m);
    if (silu) {
      INDArray g = head(gate[l], m);
      Nd4j.exec(new Sigmoid(z, g));
      z.mul(g, h);
    } else {
      INDArray out = function.getActivation(h.assign(z), true);
      if (out != h) {
        h.assign(out);
      }
    }
    return h;
  }

  /** dL/dz from dL/dh {@code dh} for hidden layer {@code l}, in place in {@code dh}. */
  private INDArray deactivate(int l, INDArray dh, int m) {
    if (silu) {
      // d(z s)/dz = s + z s (1 - s) = s + h - h s, with s = sigmoid(z) and h = z s from the forward pass.
      INDArray g = head(gate[l], m);
      INDArray h = head(post[l], m);
      INDArray tmp = head(scratch, m);
      h.mul(g, tmp);
      h.sub(tmp, tmp);
      tmp.addi(g);
      return dh.muli(tmp);
    }
    INDArray z = head(scratch, m).assign(head(pre[l], m));
    return function.backprop(z, dh).getFirst();
  }

  private void ensureCapacity(int m) {
    if (m <= capacity) {
      return;
    }
    capacity = m;
    pre = new INDArray[layers];
    post = new INDArray[layers];
    gate = new INDArray[layers];
    for (int l = 0; l < layers; l++) {
      pre[l] = Nd4j.create(type, m, sizes[l + 1]);
      if (l + 1 < layers) {
        post[l] = Nd4j.create(type, m, sizes[l + 1]);
        gate[l] = silu ? Nd4j.create(type, m, sizes[l + 1]) : null;
      }
    }
    int width = network.spec().width();
    ones = Nd4j.ones(type, 1, m);
    hiddenA = Nd4j.create(type, m, width);
    hiddenB = Nd4j.create(type, m, width);
    scratch = Nd4j.create(type, m, width);
    inputGradient = Nd4j.create(type, m, sizes[0]);
  }

  /** The first {@code m} rows of a buffer, as a view (the buffer itself when it has exactly m rows). */
  private static INDArray head(INDArray buffer, int m) {
    return buffer.rows() == m ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
  }

  private INDArray onesRow(int m) {
    return ones.columns() == m ? ones : ones.get(NDArrayIndex.all(), NDArrayIndex.interval(0, m));
  }
}
