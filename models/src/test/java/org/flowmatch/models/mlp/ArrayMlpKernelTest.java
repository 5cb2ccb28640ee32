package org.flowmatch.models.mlp;

import static org.flowmatch.core.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.models.Parallelism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The array kernel against the ND4J kernel (itself tested against DL4J's own network), and its vector
 * implementation against the scalar one, bit for bit.
 */
class ArrayMlpKernelTest {
  /** Widths that leave a remainder after whole blocks of vectors at 8 and 16 lanes, and 37 rows (4-row blocks + 1). */
  private static final int WIDTH = 40;
  private static final int ROWS = 37;

  private static MlpNetwork floatNetwork(Activation activation, long seed) {
    MlpSpec spec = new MlpSpec(3, WIDTH, 3, activation, TimeEmbedding.fourier(2), DataType.FLOAT,
        Parameterization.VELOCITY);
    return MlpNetwork.initialize(spec, Rng.seeded(seed));
  }

  /** The same network in float64, computed by the ND4J kernel: the exact reference. */
  private static MlpNetwork doubleCopy(MlpNetwork net) {
    MlpSpec s = net.spec();
    return MlpNetwork.withParameters(new MlpSpec(s.dim(), s.width(), s.depth(), s.activation(), s.time(),
        DataType.DOUBLE, s.parameterization()), net.params());
  }

  private static ArrayOps vectorOps() {
    ArrayOps ops = ArrayOps.best();
    assumeTrue(!(ops instanceof ScalarOps), "the JVM runs without jdk.incubator.vector");
    return ops;
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void forwardAndBackwardMatchTheNd4jKernelToFloatRounding(Activation activation) {
    MlpNetwork net = floatNetwork(activation, 1);
    MlpNetwork exact = doubleCopy(net);
    Rng rng = Rng.seeded(2);
    INDArray in = rng.gaussian(ROWS, net.spec().inputWidth(), DataType.DOUBLE);
    INDArray cotangent = rng.gaussian(ROWS, net.spec().dim(), DataType.DOUBLE);
    MlpKernel reference = new MlpKernel(exact, Parallelism.shared());
    INDArray expectedOut = reference.forward(in).dup();
    INDArray expectedIn = reference.backward(cotangent, true, true).dup();
    for (ArrayOps ops : new ArrayOps[] {new ScalarOps(), ArrayOps.best()}) {
      net.gradients().assign(Float.NaN);
      ArrayMlpKernel kernel = new ArrayMlpKernel(net, Parallelism.shared(), ops);
      INDArray out = kernel.forward(in.castTo(DataType.FLOAT)).dup();
      INDArray inGrad = kernel.backward(cotangent.castTo(DataType.FLOAT), true, true).dup();
      String what = ops.getClass().getSimpleName() + " " + activation;
      assertClose(expectedOut, out.castTo(DataType.DOUBLE), 2e-5, what + " output");
      assertClose(expectedIn, inGrad.castTo(DataType.DOUBLE), 2e-5, what + " input gradient");
      assertClose(exact.gradients(), net.gradients().castTo(DataType.DOUBLE), 1e-4, what + " parameter gradients");
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void vectorAndScalarGiveTheSameBits(Activation activation) {
    ArrayOps vector = vectorOps();
    MlpNetwork net = floatNetwork(activation, 3);
    Rng rng = Rng.seeded(4);
    // Large inputs reach both ends of exp's clamp and both signs of every activation.
    INDArray in = rng.gaussian(ROWS, net.spec().inputWidth(), DataType.FLOAT).muli(30);
    INDArray cotangent = rng.gaussian(ROWS, net.spec().dim(), DataType.FLOAT);
    float[][] results = new float[2][];
    float[][] gradients = new float[2][];
    int i = 0;
    for (ArrayOps ops : new ArrayOps[] {new ScalarOps(), vector}) {
      ArrayMlpKernel kernel = new ArrayMlpKernel(net, Parallelism.of(2), ops, 1000);
      float[] out = kernel.forward(in).dup().data().asFloat();
      float[] inGrad = kernel.backward(cotangent, true, true).dup().data().asFloat();
      results[i] = concat(out, inGrad);
      gradients[i] = net.gradients().dup().data().asFloat();
      i++;
    }
    assertArrayEquals(results[0], results[1], activation + ": outputs and input gradients");
    assertArrayEquals(gradients[0], gradients[1], activation + ": parameter gradients");
  }

  /**
   * Every block shape of the vector products (4 x 4, 4 x 2, 4 x 1 and 1 x 4 vectors, the 8-row scalar column tail,
   * the transposed path for narrow outputs of k-major A) gives the scalar loops' bits, with and without a bias, and
   * the plain sums of products to float rounding.
   */
  @Test
  void everyProductShapeGivesTheScalarBits() {
    ArrayOps vector = vectorOps();
    ArrayOps scalar = new ScalarOps();
    java.util.Random random = new java.util.Random(7);
    int[] rowCounts = {1, 3, 4, 5, 8, 9, 16, 37, 70};
    int[] columnCounts = {1, 2, 3, 15, 16, 17, 40, 64, 65, 130};
    int[] depths = {1, 3, 64};
    for (int na : rowCounts) {
      for (int nb : columnCounts) {
        for (int nk : depths) {
          for (boolean kMajor : new boolean[] {false, true}) {
            for (boolean withBias : new boolean[] {false, true}) {
              float[] a = randomFloats(random, na * nk + 3);
              float[] b = randomFloats(random, nk * nb + 5);
              float[] bias = withBias ? randomFloats(random, nb + 2) : null;
              int aStride = kMajor ? 1 : nk;
              int akStride = kMajor ? na : 1;
              float[] expected = new float[na * nb + 4];
              float[] got = new float[na * nb + 4];
              scalar.gemm(na, nb, nk, a, 3, aStride, akStride, b, 5, nb, expected, 4, nb, bias, 2);
              vector.gemm(na, nb, nk, a, 3, aStride, akStride, b, 5, nb, got, 4, nb, bias, 2);
              String shape = na + "x" + nb + "x" + nk + (kMajor ? " k-major" : "") + (withBias ? " bias" : "");
              assertArrayEquals(expected, got, shape);
              for (int i = 0; i < na; i++) {
                for (int j = 0; j < nb; j++) {
                  double sum = withBias ? bias[2 + j] : 0;
                  for (int k = 0; k < nk; k++) {
                    sum += (double) a[3 + i * aStride + k * akStride] * b[5 + k * nb + j];
                  }
                  assertEquals(sum, got[4 + i * nb + j], 1e-5 * (1 + nk), shape + " at " + i + "," + j);
                }
              }
            }
          }
        }
      }
    }
  }

  private static float[] randomFloats(java.util.Random random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  @Test
  void expIsAccurateAndTheSameInBothImplementations() {
    float[] z = new float[20_001];
    for (int i = 0; i < z.length; i++) {
      z[i] = -90f + 180f * i / (z.length - 1);
    }
    double worst = 0;
    for (float x : z) {
      if (x >= -87f && x <= 88f) {
        double e = Math.exp(x);
        worst = Math.max(worst, Math.abs(ScalarOps.exp(x) - e) / e);
      }
    }
    assertTrue(worst < 3e-7, "relative error of exp: " + worst);
    assertEquals((float) Math.exp(-87), ScalarOps.exp(-1000f), 1e-44, "clamped below");
    // Through the activation (tanh is 1 - 2 / (exp(2 z) + 1)), both implementations, every lane and the tail.
    ArrayOps vector = vectorOps();
    float[] a = new float[z.length];
    float[] b = new float[z.length];
    new ScalarOps().activate(Activation.TANH, z, a, null, 0, z.length);
    vector.activate(Activation.TANH, z, b, null, 0, z.length);
    assertArrayEquals(a, b);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void rowBlocksKeepOutputsRegroupOnlyTheGradientSumsAndIgnoreTheThreadCount(Activation activation) {
    MlpNetwork net = floatNetwork(activation, 9);
    Rng rng = Rng.seeded(10);
    INDArray in = rng.gaussian(300, net.spec().inputWidth(), DataType.FLOAT);
    INDArray cotangent = rng.gaussian(300, net.spec().dim(), DataType.FLOAT);
    ArrayMlpKernel one = new ArrayMlpKernel(net, Parallelism.of(1), ArrayOps.best(), Long.MAX_VALUE);
    INDArray out1 = one.forward(in).dup();
    INDArray in1 = one.backward(cotangent, true, true).dup();
    INDArray grad1 = net.gradients().dup();
    // Four blocks (the most), computed on one thread and on three: the same bits.
    INDArray[] gradients = new INDArray[2];
    int[] threads = {1, 3};
    for (int i = 0; i < 2; i++) {
      ArrayMlpKernel blocks = new ArrayMlpKernel(net, Parallelism.of(threads[i]), ArrayOps.best(), 1000);
      assertEquals(ArrayMlpKernel.MAX_BLOCKS, ArrayMlpKernel.blocks(300L * net.params().length(), 300, 1000));
      assertClose(out1, blocks.forward(in).dup(), 0, "outputs (rows are independent)");
      assertClose(in1, blocks.backward(cotangent, true, true).dup(), 0, "input gradients");
      gradients[i] = net.gradients().dup();
    }
    assertClose(gradients[0], gradients[1], 0, "parameter gradients on 1 and 3 threads");
    assertClose(grad1, gradients[1], 1e-4, "parameter gradients summed over blocks");
  }

  /** A training step's backward pass (no input gradient) writes the same parameter gradients, bit for bit. */
  @Test
  void parameterGradientsDoNotDependOnWhetherTheInputGradientIsComputed() {
    MlpNetwork net = floatNetwork(Activation.SELU, 11);
    Rng rng = Rng.seeded(12);
    INDArray in = rng.gaussian(ROWS, net.spec().inputWidth(), DataType.FLOAT);
    INDArray cotangent = rng.gaussian(ROWS, net.spec().dim(), DataType.FLOAT);
    ArrayMlpKernel kernel = new ArrayMlpKernel(net, Parallelism.shared(), ArrayOps.best());
    kernel.forward(in);
    kernel.backward(cotangent, true, true);
    INDArray withInput = net.gradients().dup();
    net.gradients().assign(Float.NaN);
    assertEquals(null, kernel.backward(cotangent, true, false), "no input gradient is returned");
    assertClose(withInput, net.gradients(), 0, "parameter gradients");
  }

  @Test
  void smallerBatchesReuseTheBuffersCorrectly() {
    MlpNetwork net = floatNetwork(Activation.SILU, 5);
    Rng rng = Rng.seeded(6);
    ArrayMlpKernel kernel = new ArrayMlpKernel(net, Parallelism.shared(), ArrayOps.best());
    kernel.forward(rng.gaussian(50, net.spec().inputWidth(), DataType.FLOAT));
    INDArray in = rng.gaussian(7, net.spec().inputWidth(), DataType.FLOAT);
    INDArray cotangent = rng.gaussian(7, net.spec().dim(), DataType.FLOAT);
    INDArray out = kernel.forward(in).dup();
    INDArray grad = kernel.backward(cotangent, false, true).dup();
    ArrayMlpKernel fresh = new ArrayMlpKernel(net, Parallelism.shared(), ArrayOps.best());
    assertClose(fresh.forward(in).dup(), out, 0, "output after a larger batch");
    assertClose(fresh.backward(cotangent, false, true).dup(), grad, 0, "input gradient after a larger batch");
  }

  @Test
  void velocityModelsChooseTheArrayKernelForSmallFloatNetworksOnly() {
    assumeTrue("auto".equals(System.getProperty(NetworkKernel.PROPERTY, "auto")), "a kernel is forced");
    MlpNetwork small = floatNetwork(Activation.SELU, 1);
    assertTrue(NetworkKernel.of(small, Parallelism.shared()) instanceof ArrayMlpKernel);
    assertTrue(NetworkKernel.of(doubleCopy(small), Parallelism.shared()) instanceof MlpKernel, "float64: ND4J");
    int limit = ArrayOps.best() instanceof ScalarOps ? NetworkKernel.ARRAY_MAX_WIDTH_SCALAR
        : NetworkKernel.ARRAY_MAX_WIDTH_VECTOR;
    MlpNetwork wide = MlpNetwork.initialize(new MlpSpec(2, limit + 1, 1, Activation.SELU, TimeEmbedding.raw(),
        DataType.FLOAT, Parameterization.VELOCITY), Rng.seeded(2));
    assertTrue(NetworkKernel.of(wide, Parallelism.shared()) instanceof MlpKernel, "wider than " + limit + ": ND4J");
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
