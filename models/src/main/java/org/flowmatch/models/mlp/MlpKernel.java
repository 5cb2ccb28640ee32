package org.flowmatch.models.mlp;

import org.flowmatch.models.Parallelism;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward passes of an {@link MlpNetwork} as ND4J matrix products into preallocated buffers, with the
 * batch split into row blocks that run on separate cores.
 *
 * <p>Why not {@code MultiLayerNetwork.fit} and {@code output}: each call allocates every activation and gradient
 * afresh (ND4J allocations of this size cost as much as the products) and runs per-layer bookkeeping. Here every
 * product is a {@code Nd4j.gemm} into a buffer that lives as long as the kernel; the bias gradient is a product with
 * a row of ones rather than a column reduction; SiLU keeps its gate sigmoid(z) from the forward pass, so that its
 * derivative costs four cheap element-wise ops instead of another pass through exp.
 *
 * <p>Rows are independent in both passes, so each {@link Lane} takes a block of rows through every layer on its
 * own thread, with no synchronisation until the end; each lane sums its weight gradients over its own rows, and the
 * lanes' sums are added in lane order, so the result depends on the number of lanes but not on scheduling. Buffers
 * grow to the largest batch seen; smaller batches use row views of them.
 *
 * <p>Not thread-safe, and the results of {@link #forward} and {@link #backward} are views of the buffers, valid
 * until the next call.
 */
final class MlpKernel implements NetworkKernel {
  /** Fewer rows than this per block and the per-op overheads outweigh a second core. */
  static final int MIN_ROWS_PER_LANE = 128;

  private final MlpNetwork network;
  private final DataType type;
  private final int[] sizes;
  private final int layers;
  private final boolean silu;
  private final IActivation function;
  private final Parallelism parallelism;

  private int capacity;
  private INDArray[] pre;
  private INDArray[] post;
  private INDArray[] gate;
  private INDArray hiddenA;
  private INDArray hiddenB;
  private INDArray scratch;
  private INDArray inputGradient;
  /** The gradient sums of lanes 1.. (lane 0 writes into the network's own gradient). */
  private INDArray[] laneGradients = new INDArray[0];

  private Lane[] lanes = new Lane[0];
  private int rows;

  MlpKernel(MlpNetwork network, Parallelism parallelism) {
    this.network = network;
    this.type = network.spec().dataType();
    this.sizes = network.spec().layerSizes();
    this.layers = sizes.length - 1;
    this.silu = network.spec().activation() == Activation.SILU;
    this.function = network.spec().activation().function();
    this.parallelism = parallelism;
  }

  /**
   * The network's output for {@code in} {@code [m, inputWidth]}, kept with every activation for a following
   * {@link #backward}. {@code in} must not change until then.
   */
  @Override
  public INDArray forward(INDArray in) {
    int m = (int) in.rows();
    prepare(m);
    Lane[] active = lanes;
    parallelism.run(active.length, i -> active[i].forward(rowsOf(in, active[i])));
    return head(pre[layers - 1], m);
  }

  /**
   * Back-propagates {@code outputGradient} {@code [m, dim]} through the last {@link #forward}: writes the parameter
   * gradients into the network's gradient view when {@code parameterGradients}, and returns the gradient with
   * respect to the input {@code [m, inputWidth]} (a vector-Jacobian product).
   */
  @Override
  public INDArray backward(INDArray outputGradient, boolean parameterGradients, boolean wantInputGradient) {
    Lane[] active = lanes;
    parallelism.run(active.length,
        i -> active[i].backward(rowsOf(outputGradient, active[i]), parameterGradients));
    if (parameterGradients) {
      INDArray total = network.gradients();
      for (int i = 1; i < active.length; i++) {
        Nd4j.getBlasWrapper().level1().axpy(total.length(), 1.0, laneGradients[i - 1], total);
      }
    }
    // The ND4J lanes always compute it (one op of many here); the flag only spares the array kernel's loops.
    return wantInputGradient ? head(inputGradient, rows) : null;
  }

  /** Grows the buffers to {@code m} rows and splits them into lanes, reusing both when nothing changed. */
  private void prepare(int m) {
    if (m > capacity) {
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
      hiddenA = Nd4j.create(type, m, width);
      hiddenB = Nd4j.create(type, m, width);
      scratch = Nd4j.create(type, m, width);
      inputGradient = Nd4j.create(type, m, sizes[0]);
      lanes = new Lane[0];
    }
    int count = parallelism.parts(m, MIN_ROWS_PER_LANE);
    if (m != rows || count != lanes.length) {
      if (laneGradients.length < count - 1) {
        INDArray[] grown = java.util.Arrays.copyOf(laneGradients, count - 1);
        for (int i = laneGradients.length; i < grown.length; i++) {
          grown[i] = Nd4j.create(type, network.gradients().shape(), 'c');
        }
        laneGradients = grown;
      }
      lanes = new Lane[count];
      for (int i = 0; i < count; i++) {
        lanes[i] = new Lane(Parallelism.start(m, count, i), Parallelism.start(m, count, i + 1),
            i == 0 ? null : laneGradients[i - 1]);
      }
      rows = m;
    }
  }

  private static INDArray rowsOf(INDArray a, Lane lane) {
    return lane.from == 0 && lane.to == a.rows() ? a
        : a.get(NDArrayIndex.interval(lane.from, lane.to), NDArrayIndex.all());
  }

  private static INDArray head(INDArray buffer, long m) {
    return buffer.rows() == m ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
  }

  /** A block of rows [from, to) of every buffer, and where its weight gradients go. */
  private final class Lane {
    final long from;
    final long to;
    final INDArray[] pre = new INDArray[layers];
    final INDArray[] post = new INDArray[layers];
    final INDArray[] gate = new INDArray[layers];
    final INDArray hiddenA;
    final INDArray hiddenB;
    final INDArray scratch;
    final INDArray inputGradient;
    final INDArray ones;
    final INDArray onesColumn;
    final INDArray[] weightGradients;
    final INDArray[] biasGradients;
    INDArray input;

    Lane(long from, long to, INDArray ownGradient) {
      this.from = from;
      this.to = to;
      for (int l = 0; l < layers; l++) {
        pre[l] = slice(MlpKernel.this.pre[l]);
        post[l] = l + 1 < layers ? slice(MlpKernel.this.post[l]) : null;
        gate[l] = l + 1 < layers && silu ? slice(MlpKernel.this.gate[l]) : null;
      }
      hiddenA = slice(MlpKernel.this.hiddenA);
      hiddenB = slice(MlpKernel.this.hiddenB);
      scratch = slice(MlpKernel.this.scratch);
      inputGradient = slice(MlpKernel.this.inputGradient);
      ones = Nd4j.ones(type, 1, to - from);
      onesColumn = ones.reshape(to - from, 1);
      if (ownGradient == null) {
        weightGradients = new INDArray[layers];
        biasGradients = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
          weightGradients[l] = network.weightGradient(l);
          biasGradients[l] = network.biasGradient(l);
        }
      } else {
        INDArray[][] views = MlpNetwork.layerViews(ownGradient, sizes);
        weightGradients = views[0];
        biasGradients = views[1];
      }
    }

    private INDArray slice(INDArray buffer) {
      return buffer.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    void forward(INDArray in) {
      input = in;
      INDArray h = in;
      for (int l = 0; l < layers; l++) {
        // z = 1 b^T, then z += h W: the bias as a rank-1 product is cheaper than ND4J's broadcast add.
        INDArray z = pre[l];
        Nd4j.gemm(onesColumn, network.bias(l), z, false, false, 1.0, 0.0);
        Nd4j.gemm(h, network.weight(l), z, false, false, 1.0, 1.0);
        h = l + 1 < layers ? activate(l, z) : z;
      }
    }

    void backward(INDArray outputGradient, boolean parameterGradients) {
      INDArray dz = outputGradient;
      for (int l = layers - 1; l >= 0; l--) {
        INDArray below = l == 0 ? input : post[l - 1];
        if (parameterGradients) {
          Nd4j.gemm(below, dz, weightGradients[l], true, false, 1.0, 0.0);
          Nd4j.gemm(ones, dz, biasGradients[l], false, false, 1.0, 0.0);
        }
        // The gradients of the hidden layers alternate between two buffers, from the top down.
        INDArray dBelow = l == 0 ? inputGradient : (layers - 1 - l) % 2 == 0 ? hiddenA : hiddenB;
        Nd4j.gemm(dz, network.weight(l), dBelow, false, true, 1.0, 0.0);
        dz = l == 0 ? dBelow : deactivate(l - 1, dBelow);
      }
    }

    /** h = act(z) for hidden layer {@code l}. */
    private INDArray activate(int l, INDArray z) {
      INDArray h = post[l];
      if (silu) {
        Nd4j.exec(new Sigmoid(z, gate[l]));
        z.mul(gate[l], h);
      } else {
        INDArray out = function.getActivation(h.assign(z), true);
        if (out != h) {
          h.assign(out);
        }
      }
      return h;
    }

    /** dL/dz from dL/dh {@code dh} for hidden layer {@code l}, in place in {@code dh}. */
    private INDArray deactivate(int l, INDArray dh) {
      if (silu) {
        // d(z s)/dz = s + z s (1 - s) = s + h - h s, with s = sigmoid(z) and h = z s from the forward pass.
        INDArray g = gate[l];
        INDArray h = post[l];
        h.mul(g, scratch);
        h.sub(scratch, scratch);
        scratch.addi(g);
        return dh.muli(scratch);
      }
      INDArray z = scratch.assign(pre[l]);
      return function.backprop(z, dh).getFirst();
    }
  }
}
