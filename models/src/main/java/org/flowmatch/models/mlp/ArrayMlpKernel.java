package org.flowmatch.models.mlp;

import java.nio.FloatBuffer;
import org.flowmatch.models.Parallelism;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The forward and backward passes of a float32 {@link MlpNetwork} in loops on Java arrays ({@link ArrayOps}),
 * reading the DL4J network's flat parameters and writing its flat gradient view, so that the network, its
 * optimiser and its checkpoints stay DL4J's.
 *
 * <p>Why: at width 64 a training step is about 13 MFLOP, and what costs is not arithmetic but the per-op overheads
 * of native calls (ND4J and PyTorch alike): each ND4J op costs microseconds before it computes anything. Here one
 * forward and one backward pass are a handful of loops over arrays that stay in the L1/L2 cache, with the activation
 * fused into them.
 *
 * <p>Rows are independent, so the batch is split into row blocks (lanes) on the cores, as in {@link MlpKernel};
 * each lane sums its weight gradients over its rows, and the lanes' sums are added in lane order, so the result
 * depends on the number of lanes ({@link Parallelism#threads()}) but not on scheduling. Every element is computed by
 * one fixed sequence of float operations ({@link ArrayOps}), so the bits do not depend on the JIT tier either.
 *
 * <p>Layouts: DL4J keeps each layer's W as an f-order [in, out] matrix, that is W^T row-major [out][in], which is
 * what the backward products read; the forward products read a row-major [in][out] copy made at each forward pass.
 */
final class ArrayMlpKernel implements NetworkKernel {
  /**
   * Multiply-adds of a forward pass per lane below which a second lane costs more than it saves. Each parallel
   * section ends in a wait for the other core; on this project's shared 2-core machine (load averages of 20-30
   * while other builds ran) a waiting thread often lost its time slice for milliseconds, and the 3 x 64 network at
   * batch 256 (2.2 million multiply-adds forward, 0.4 ms per step on one core) trained at 90 steps/s on two lanes.
   * Batches of that size run on one lane; sampling batches of 10,000 rows and the 3 x 256 network use both cores.
   */
  static final long MIN_WORK_PER_LANE = 8_000_000;

  private final MlpNetwork network;
  private final Parallelism parallelism;
  private final ArrayOps ops;
  private final long minWorkPerLane;
  private final Activation activation;
  private final int[] sizes;
  private final int layers;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int parameterCount;
  private final float[] params;
  private final float[][] forwardWeights;
  private final FloatBuffer paramsBuffer;
  private final FloatBuffer gradientBuffer;

  private int capacity;
  private float[] input = new float[0];
  private float[][] pre;
  private float[][] post;
  private float[][] gate;
  private float[] outputGradient = new float[0];
  private float[] deltaA = new float[0];
  private float[] deltaB = new float[0];
  private float[] inputGradient = new float[0];
  private float[][] laneGradients = new float[0][];
  private INDArray output;
  private INDArray inputGradientArray;
  private FloatBuffer outputBuffer;
  private FloatBuffer inputGradientBuffer;
  private INDArray outputHead;
  private INDArray inputGradientHead;
  private int rows;
  private int lanes;

  ArrayMlpKernel(MlpNetwork network, Parallelism parallelism, ArrayOps ops) {
    this(network, parallelism, ops, MIN_WORK_PER_LANE);
  }

  /** With its own lane threshold (tests of the lane split on small networks). */
  ArrayMlpKernel(MlpNetwork network, Parallelism parallelism, ArrayOps ops, long minWorkPerLane) {
    this.minWorkPerLane = minWorkPerLane;
    if (network.spec().dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("the array kernel computes in float32, not " + network.spec().dataType());
    }
    this.network = network;
    this.parallelism = parallelism;
    this.ops = ops;
    this.activation = network.spec().activation();
    this.sizes = network.spec().layerSizes();
    this.layers = sizes.length - 1;
    this.weightOffset = new int[layers];
    this.biasOffset = new int[layers];
    int offset = 0;
    forwardWeights = new float[layers][];
    pre = new float[layers][];
    post = new float[layers][];
    gate = new float[layers][];
    for (int l = 0; l < layers; l++) {
      weightOffset[l] = offset;
      offset += sizes[l] * sizes[l + 1];
      biasOffset[l] = offset;
      offset += sizes[l + 1];
      forwardWeights[l] = new float[sizes[l] * sizes[l + 1]];
    }
    this.parameterCount = offset;
    this.params = new float[offset];
    this.paramsBuffer = liveBuffer(network.params());
    this.gradientBuffer = liveBuffer(network.gradients());
  }

  /** The native memory of a contiguous float array, or null where it cannot be addressed directly. */
  private static FloatBuffer liveBuffer(INDArray a) {
    // A row or column vector has one layout in either order (DL4J's gradient view is an f-order row).
    if (a.isView() || a.offset() != 0 || (a.ordering() != 'c' && !a.isVector()) || a.dataType() != DataType.FLOAT) {
      return null;
    }
    return a.data().asNioFloat();
  }

  private static void read(INDArray a, float[] into, int n) {
    INDArray c = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    FloatBuffer live = liveBuffer(c);
    if (live == null) {
      live = liveBuffer(c.dup('c'));
    }
    live.get(0, into, 0, n);
  }

  @Override
  public INDArray forward(INDArray in) {
    int m = (int) in.rows();
    prepare(m);
    read(in, input, m * sizes[0]);
    loadParameters();
    int count = lanes;
    parallelism.run(count, i -> forwardLane(start(m, count, i), start(m, count, i + 1)));
    int dim = sizes[layers];
    outputBuffer.put(0, pre[layers - 1], 0, m * dim);
    return outputHead;
  }

  @Override
  public INDArray backward(INDArray gradient, boolean parameterGradients, boolean wantInputGradient) {
    int m = rows;
    read(gradient, outputGradient, m * sizes[layers]);
    int count = lanes;
    parallelism.run(count, i -> backwardLane(i, start(m, count, i), start(m, count, i + 1),
        parameterGradients, wantInputGradient));
    if (parameterGradients) {
      float[] total = laneGradients[0];
      for (int i = 1; i < count; i++) {
        ops.add(laneGradients[i], total, parameterCount);
      }
      if (gradientBuffer != null) {
        gradientBuffer.put(0, total, 0, parameterCount);
      } else {
        network.gradients().assign(Nd4j.create(total, new long[] {1, parameterCount}, 'c'));
      }
    }
    if (!wantInputGradient) {
      return null;
    }
    inputGradientBuffer.put(0, inputGradient, 0, m * sizes[0]);
    return inputGradientHead;
  }

  private void loadParameters() {
    if (paramsBuffer != null) {
      paramsBuffer.get(0, params, 0, parameterCount);
    } else {
      read(network.params(), params, parameterCount);
    }
    // W^T [out][in] as DL4J stores it, transposed to [in][out] for the forward products.
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] w = forwardWeights[l];
      int base = weightOffset[l];
      for (int o = 0; o < out; o++) {
        int row = base + o * in;
        for (int i = 0; i < in; i++) {
          w[i * out + o] = params[row + i];
        }
      }
    }
  }

  private void forwardLane(int from, int to) {
    float[] h = input;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      ops.gemm(to - from, out, in, h, from * in, in, 1, forwardWeights[l], 0, out, pre[l], from * out, out, params,
          biasOffset[l]);
      if (l + 1 < layers) {
        ops.activate(activation, pre[l], post[l], gate[l], from * out, to * out);
        h = post[l];
      }
    }
  }

  private void backwardLane(int lane, int from, int to, boolean parameterGradients, boolean wantInputGradient) {
    int m = to - from;
    float[] delta = outputGradient;
    float[] gradient = laneGradients[lane];
    for (int l = layers - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] below = l == 0 ? input : post[l - 1];
      if (parameterGradients) {
        // dW^T[o][i] = sum_r delta[r][o] below[r][i], straight into DL4J's layout; db[o] = sum_r delta[r][o].
        ops.gemm(out, in, m, delta, from * out, 1, out, below, from * in, in, gradient, weightOffset[l], in, null, 0);
        ops.columnSums(delta, from * out, m, out, gradient, biasOffset[l]);
      }
      if (l == 0 && !wantInputGradient) {
        break;
      }
      // The gradients of the hidden layers alternate between two buffers, from the top down.
      float[] next = l == 0 ? inputGradient : (layers - 1 - l) % 2 == 0 ? deltaA : deltaB;
      ops.gemm(m, in, out, delta, from * out, out, 1, params, weightOffset[l], in, next, from * in, in, null, 0);
      if (l > 0) {
        ops.deactivate(activation, next, pre[l - 1], post[l - 1], gate[l - 1], from * in, to * in);
      }
      delta = next;
    }
  }

  /** Grows the buffers to {@code m} rows and fixes the lanes, reusing both when nothing changed. */
  private void prepare(int m) {
    if (m > capacity) {
      capacity = m;
      input = new float[m * sizes[0]];
      int width = network.spec().width();
      for (int l = 0; l < layers; l++) {
        pre[l] = new float[m * sizes[l + 1]];
        if (l + 1 < layers) {
          post[l] = new float[m * sizes[l + 1]];
          gate[l] = activation == Activation.SILU ? new float[m * sizes[l + 1]] : null;
        }
      }
      outputGradient = new float[m * sizes[layers]];
      deltaA = new float[m * width];
      deltaB = new float[m * width];
      inputGradient = new float[m * sizes[0]];
      output = Nd4j.create(DataType.FLOAT, m, sizes[layers]);
      inputGradientArray = Nd4j.create(DataType.FLOAT, m, sizes[0]);
      outputBuffer = output.data().asNioFloat();
      inputGradientBuffer = inputGradientArray.data().asNioFloat();
      rows = -1;
    }
    if (m != rows) {
      lanes = Math.min(parallelism.parts((long) m * parameterCount, minWorkPerLane), Math.max(1, m / 8));
      if (laneGradients.length < lanes) {
        float[][] grown = java.util.Arrays.copyOf(laneGradients, lanes);
        for (int i = laneGradients.length; i < lanes; i++) {
          grown[i] = new float[parameterCount];
        }
        laneGradients = grown;
      }
      outputHead = head(output, m);
      inputGradientHead = head(inputGradientArray, m);
      rows = m;
    }
  }

  private static int start(int m, int count, int i) {
    return (int) Parallelism.start(m, count, i);
  }

  private static INDArray head(INDArray buffer, long m) {
    return buffer.rows() == m ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
  }
}
