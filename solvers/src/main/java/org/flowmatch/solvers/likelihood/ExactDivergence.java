package org.flowmatch.solvers.likelihood;

import org.flowmatch.core.DivergenceEstimator;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The exact divergence: the model's own closed form when it has one, otherwise the trace of the Jacobian read
 * off {@code dim} vector-Jacobian products with the unit vectors, all sharing one forward pass.
 */
public final class ExactDivergence implements DivergenceEstimator {

  @Override
  public String name() {
    return "exact";
  }

  @Override
  public Bound bind(VelocityModel model, int batch, DataType type, Rng rng) {
    return (x, t, rows) -> {
      Linearization lin = model.linearize(x, t, rows);
      INDArray divergence = lin.exactDivergence().orElseGet(() -> trace(lin, x));
      return new VelocityAndDivergence(lin.velocity(), divergence);
    };
  }

  private static INDArray trace(Linearization lin, INDArray x) {
    long m = x.rows();
    int d = (int) x.columns();
    INDArray trace = Nd4j.zeros(x.dataType(), m, 1);
    INDArray unit = Nd4j.zeros(x.dataType(), m, d);
    for (int i = 0; i < d; i++) {
      unit.get(NDArrayIndex.all(), NDArrayIndex.point(i)).assign(1);
      trace.addi(lin.vjp(unit).get(NDArrayIndex.all(), NDArrayIndex.interval(i, i + 1)));
      unit.get(NDArrayIndex.all(), NDArrayIndex.point(i)).assign(0);
    }
    return trace;
  }

  @Override
  public String toString() {
    return "exact";
  }
}
