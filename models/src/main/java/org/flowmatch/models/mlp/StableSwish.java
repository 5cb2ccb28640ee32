package org.flowmatch.models.mlp;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Swish (SiLU), z sigmoid(z), as a DL4J activation whose derivative is finite everywhere. libnd4j's own
 * ({@code Activation.SWISH}) computes the derivative as e^z (z + e^z + 1) / (e^z + 1)^2, which is inf / inf = NaN in
 * float32 from z of about 44 on (float64: about 355): one such pre-activation turns every weight into NaN at the
 * next step (a discrete posterior network with the mask source did so after 2128 steps). This one computes
 * s (1 + z (1 - s)) with s = sigmoid(z), bounded by 1.1 in absolute value for every z, from ND4J ops, so it runs on
 * any backend. The forward pass is libnd4j's swish, which is finite everywhere.
 */
public final class StableSwish extends BaseActivationFunction {

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    Nd4j.getExecutioner().execAndReturn(new Swish(in));
    return in;
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    assertShape(in, epsilon);
    INDArray s = Transforms.sigmoid(in, true);
    in.muli(s.rsub(1.0)).addi(1.0).muli(s).muli(epsilon);
    return new Pair<>(in, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StableSwish;
  }

  @Override
  public int hashCode() {
    return StableSwish.class.hashCode();
  }

  @Override
  public String toString() {
    return "swish";
  }
}
