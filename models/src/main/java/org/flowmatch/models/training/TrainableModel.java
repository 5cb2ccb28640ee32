package org.flowmatch.models.training;

import org.flowmatch.core.Conditions;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A velocity model whose parameters conditional flow matching can fit. */
public interface TrainableModel extends VelocityModel {

  /** What {@link #predict} returns, and so what the loss regresses onto. */
  Parameterization parameterization();

  /**
   * The raw prediction at {@code (x, t)}, with what the following {@link #backward} needs kept; valid until the
   * next call on the model.
   */
  INDArray predict(INDArray x, INDArray t);

  /**
   * The raw prediction at {@code (x, t)} given the rows' conditions, as {@link #predict(INDArray, INDArray)}. A
   * model without conditions accepts only {@link Conditions#none(int)}.
   */
  default INDArray predict(INDArray x, INDArray t, Conditions conditions) {
    if (conditions.conditioning().conditional()) {
      throw new IllegalArgumentException("model " + this + " is not conditional, but was given " + conditions);
    }
    return predict(x, t);
  }

  /** Writes d loss / d parameters into {@link #gradients()}, given d loss / d prediction of the last predict. */
  void backward(INDArray predictionGradient);

  /** The flat parameters {@code [1, n]}; the optimiser updates them in place. */
  INDArray parameters();

  /** The flat gradient {@code [1, n]}, in the layout of the parameters. */
  INDArray gradients();

  /** A new model of the same architecture over a copy of {@code parameters} (for example EMA weights). */
  TrainableModel withParameters(INDArray parameters);
}
