package org.flowmatch.models.mlp;

import static org.flowmatch.core.testing.NdAssert.assertClose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.models.Parallelism;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** The fast kernel computes exactly what DL4J's own network computes: outputs, parameter and input gradients. */
class MlpKernelTest {

  private static MlpNetwork network(Activation activation, long seed) {
    MlpSpec spec = new MlpSpec(3, 16, 3, activation, TimeEmbedding.fourier(2), DataType.DOUBLE,
        Parameterization.VELOCITY);
    return MlpNetwork.initialize(spec, Rng.seeded(seed));
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void forwardEqualsDl4jOutput(Activation activation) {
    MlpNetwork net = network(activation, 1);
    INDArray in = Rng.seeded(2).gaussian(37, net.spec().inputWidth(), DataType.DOUBLE);
    INDArray expected = net.dl4j().output(in);
    INDArray actual = new MlpKernel(net, Parallelism.shared()).forward(in).dup();
    assertClose(expected, actual, 1e-12, "forward");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backwardEqualsDl4jBackprop(Activation activation) {
    MlpNetwork net = network(activation, 3);
    Rng rng = Rng.seeded(4);
    INDArray in = rng.gaussian(29, net.spec().inputWidth(), DataType.DOUBLE);
    INDArray cotangent = rng.gaussian(29, net.spec().dim(), DataType.DOUBLE);

    MultiLayerNetwork dl4j = net.dl4j();
    dl4j.setInput(in);
    dl4j.feedForward(true, false);
    Pair<Gradient, INDArray> reference = dl4j.backpropGradient(cotangent, LayerWorkspaceMgr.noWorkspaces());
    Map<String, INDArray> expected = new TreeMap<>();
    reference.getFirst().gradientForVariable().forEach((name, g) -> expected.put(name, g.dup()));
    INDArray expectedInput = reference.getSecond().dup();
    net.gradients().assign(Double.NaN);

    MlpKernel kernel = new MlpKernel(net, Parallelism.shared());
    kernel.forward(in);
    INDArray inputGradient = kernel.backward(cotangent, true, true).dup();
    assertEquals(2 * net.layers(), expected.size());
    for (int l = 0; l < net.layers(); l++) {
      assertClose(expected.get(l + "_W"), net.weightGradient(l), 1e-12, "gradient of " + l + "_W");
      assertClose(expected.get(l + "_b").reshape(net.biasGradient(l).shape()), net.biasGradient(l), 1e-12, "gradient of " + l + "_b");
    }
    // The per-layer views tile the flat gradient: no entry is left unwritten.
    assertTrue(BooleanIndexing.and(net.gradients(), Conditions.isFinite()), "every gradient entry written");
    assertClose(expectedInput, inputGradient, 1e-12, "input gradient");
  }

  /** Rows split into lanes on several threads give DL4J's result too (the sums only regroup). */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void laneSplitGivesTheSameGradients(Activation activation) {
    MlpNetwork net = network(activation, 9);
    Rng rng = Rng.seeded(10);
    INDArray in = rng.gaussian(700, net.spec().inputWidth(), DataType.DOUBLE);
    INDArray cotangent = rng.gaussian(700, net.spec().dim(), DataType.DOUBLE);
    MlpKernel one = new MlpKernel(net, Parallelism.of(1));
    INDArray out1 = one.forward(in).dup();
    INDArray in1 = one.backward(cotangent, true, true).dup();
    INDArray grad1 = net.gradients().dup();
    MlpKernel three = new MlpKernel(net, Parallelism.of(3));
    INDArray out3 = three.forward(in).dup();
    INDArray in3 = three.backward(cotangent, true, true).dup();
    assertClose(out1, out3, 1e-13, "outputs");
    assertClose(in1, in3, 1e-13, "input gradients");
    assertClose(grad1, net.gradients(), 1e-12, "parameter gradients summed over lanes");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void smallerBatchesReuseTheBuffersCorrectly(Activation activation) {
    MlpNetwork net = network(activation, 5);
    Rng rng = Rng.seeded(6);
    MlpKernel kernel = new MlpKernel(net, Parallelism.shared());
    kernel.forward(rng.gaussian(50, net.spec().inputWidth(), DataType.DOUBLE));
    INDArray in = rng.gaussian(7, net.spec().inputWidth(), DataType.DOUBLE);
    INDArray cotangent = rng.gaussian(7, net.spec().dim(), DataType.DOUBLE);
    INDArray out = kernel.forward(in).dup();
    INDArray grad = kernel.backward(cotangent, false, true).dup();
    MlpKernel fresh = new MlpKernel(net, Parallelism.shared());
    assertClose(fresh.forward(in).dup(), out, 0, "output after a larger batch");
    assertClose(fresh.backward(cotangent, false, true).dup(), grad, 0, "input gradient after a larger batch");
  }
}
