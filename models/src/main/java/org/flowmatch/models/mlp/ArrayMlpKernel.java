package org.flowmatch.models.mlp;

import java.nio.FloatBuffer;
import org.flowmatch.core.NdArrays;
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
 * <p>Rows are independent, so the batch is split into row blocks that run on whichever cores are free
 * ({@link Parallelism}). The forward pass has no sum across rows, so its split changes nothing. In the backward pass
 * each block sums its weight gradients over its rows and the blocks' sums are added in block order; the blocks
 * depend on the batch size and the network alone ({@link #blocks}), not on the thread count or on which thread ran
 * which block, so the same seed gives the same bits on one core or sixteen. Every element is computed by one fixed
 * sequence of float operations ({@link ArrayOps}), so the bits do not depend on the JIT tier either.
 *
 * <p>Layouts: DL4J keeps each layer's W as an f-order [in, out] matrix, that is W^T row-major [out][in], which is
 * what the backward products read; the forward products read a row-major [in][out] copy made at each forward pass.
 */
final class ArrayMlpKernel implements NetworkKernel {
  /**
   * Multiply-adds of a forward pass per row block: the 3 x 64 network at batch 256 (2.3 million) is split in two, so
   * that both cores of a small machine share a training step. A block costs one more weight-gradient sum, and on a
   * machine whose other core is busy the caller computes the second block itself ({@link Parallelism}).
   */
  static final long MIN_WORK_PER_BLOCK = 1_000_000;
  /**
   * At most this many backward blocks: each adds a pass over the weight gradients (a few percent of a 3 x 256 step at
   * 4 blocks); forward passes, which sum nothing across rows, use every thread.
   */
  static final int MAX_BLOCKS = 4;

  private final MlpNetwork network;
  private final Parallelism parallelism;
  private final ArrayOps ops;
  private final long minWorkPerBlock;
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
  private float[][] blockGradients = new float[0][];
  private INDArray output;
  private INDArray inputGradientArray;
  private FloatBuffer outputBuffer;
  private FloatBuffer inputGradientBuffer;
  private INDArray outputHead;
  private INDArray inputGradientHead;
  private int rows;
  private int lanes;
  private int blocks;

  ArrayMlpKernel(MlpNetwork network, Parallelism parallelism, ArrayOps ops) {
    this(network, parallelism, ops, MIN_WORK_PER_BLOCK);
  }

  /** With its own block threshold (tests of the block split on small networks). */
  ArrayMlpKernel(MlpNetwork network, Parallelism parallelism, ArrayOps ops, long minWorkPerBlock) {
    this.minWorkPerBlock = minWorkPerBlock;
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
    this.paramsBuffer = NdArrays.floatBuffer(network.params());
    this.gradientBuffer = NdArrays.floatBuffer(network.gradients());
  }

  private static void read(INDArray a, float[] into, int n) {
    INDArray c = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    FloatBuffer live = NdArrays.floatBuffer(c);
    if (live == null) {
      live = NdArrays.floatBuffer(c.dup('c'));
    }
    live.get(0, into, 0, n);
  }

  @Override
  public INDArray forward(INDArray in) {
    int m = (int) in.rows();
    prepare(m);
    read(in, input, m * sizes[0]);
    return forwardPrepared(m);
  }

  @Override
  public INDArray forward(float[] in, int m) {
    prepare(m);
    System.arraycopy(in, 0, input, 0, m * sizes[0]);
    return forwardPrepared(m);
  }

  private INDArray forwardPrepared(int m) {
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
    int count = blocks;
    parallelism.run(count, i -> backwardBlock(i, start(m, count, i), start(m, count, i + 1),
        parameterGradients, wantInputGradient));
    if (parameterGradients) {
      float[] total = blockGradients[0];
      for (int i = 1; i < count; i++) {
        ops.add(blockGradients[i], total, parameterCount);
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

  private void backwardBlock(int block, int from, int to, boolean parameterGradients, boolean wantInputGradient) {
    int m = to - from;
    float[] delta = outputGradient;
    float[] gradient = blockGradients[block];
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

  /** Grows the buffers to {@code m} rows and fixes the lanes and blocks, reusing them when nothing changed. */
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
      long work = (long) m * parameterCount;
      lanes = Math.min(parallelism.parts(work, minWorkPerBlock), Math.max(1, m / 8));
      blocks = blocks(work, m, minWorkPerBlock);
      if (blockGradients.length < blocks) {
        float[][] grown = java.util.Arrays.copyOf(blockGradients, blocks);
        for (int i = blockGradients.length; i < blocks; i++) {
          grown[i] = new float[parameterCount];
        }
        blockGradients = grown;
      }
      outputHead = head(output, m);
      inputGradientHead = head(inputGradientArray, m);
      rows = m;
    }
  }

  /** The backward pass's row blocks: from the work and the rows alone, never from the thread count. */
  static int blocks(long work, int m, long minWorkPerBlock) {
    return (int) Math.max(1, Math.min(Math.min(MAX_BLOCKS, work / minWorkPerBlock), m / 8));
  }

  private static int start(int m, int count, int i) {
    return (int) Parallelism.start(m, count, i);
  }

  private static INDArray head(INDArray buffer, long m) {
    return buffer.rows() == m ? buffer : buffer.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
  }
}
