package org.flowmatch.models.mlp;

import java.util.Locale;
import org.flowmatch.models.Parallelism;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward and backward passes of an {@link MlpNetwork}: {@link MlpKernel} (ND4J products, any backend and
 * type) or {@link ArrayMlpKernel} (float32 loops on Java arrays, CPU only), chosen by {@link #of}.
 *
 * <p>Not thread-safe; results are views of the kernel's buffers, valid until its next call.
 */
interface NetworkKernel {
  /** The system property that forces a kernel: {@code nd4j}, {@code arrays} or {@code auto} (the default). */
  String PROPERTY = "flowmatch.kernel";

  /**
   * Hidden widths up to this run on arrays when the Vector API is present: measured on this project's 2-core
   * machine (docs/performance.md), the array kernel is faster at width 64 and at 256 with SiLU.
   */
  int ARRAY_MAX_WIDTH_VECTOR = 1024;
  /** Without the Vector API the plain-Java loops only pay off for small widths. */
  int ARRAY_MAX_WIDTH_SCALAR = 64;

  /**
   * The network's output for {@code in} {@code [m, inputWidth]}, kept with every activation for a following
   * {@link #backward}. {@code in} must not change until then.
   */
  INDArray forward(INDArray in);

  /**
   * {@link #forward(INDArray)} of the float32 rows {@code in} {@code [m, inputWidth]} in row-major order: the array
   * kernel reads them without an ND4J array in between (creating one costs about 10 us).
   */
  default INDArray forward(float[] in, int m) {
    return forward(Nd4j.create(in, new long[] {m, in.length / m}, 'c'));
  }

  /**
   * Back-propagates {@code outputGradient} {@code [m, dim]} through the last {@link #forward}: writes the parameter
   * gradients into the network's gradient view when {@code parameterGradients}, and returns the gradient with
   * respect to the input {@code [m, inputWidth]} (a vector-Jacobian product) when {@code inputGradient}, else null (a
   * training step needs only the parameter gradients: at 2-3 inputs that last product was a sixth of the step).
   */
  INDArray backward(INDArray outputGradient, boolean parameterGradients, boolean inputGradient);

  /** The kernel for {@code network}: by {@link #PROPERTY}, else by type, backend and size. */
  static NetworkKernel of(MlpNetwork network, Parallelism parallelism) {
    String forced = System.getProperty(PROPERTY, "auto").strip().toLowerCase(Locale.ROOT);
    boolean arraysPossible = network.spec().dataType() == DataType.FLOAT && Nd4j.getEnvironment().isCPU();
    switch (forced) {
      case "nd4j":
        return new MlpKernel(network, parallelism);
      case "arrays":
        if (!arraysPossible) {
          throw new IllegalArgumentException("-D" + PROPERTY + "=arrays needs a float32 network on the CPU backend");
        }
        return new ArrayMlpKernel(network, parallelism, ArrayOps.best());
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + " must be nd4j, arrays or auto, got '" + forced + "'");
    }
    ArrayOps ops = ArrayOps.best();
    int limit = ops instanceof ScalarOps ? ARRAY_MAX_WIDTH_SCALAR : ARRAY_MAX_WIDTH_VECTOR;
    return arraysPossible && network.spec().width() <= limit ? new ArrayMlpKernel(network, parallelism, ops)
        : new MlpKernel(network, parallelism);
  }
}
