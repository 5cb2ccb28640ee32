package org.example.fm;

import java.util.Optional;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** v(x, t) = -c x: a model with a closed-form Jacobian -c I and divergence -c d. */
public final class LinearModel implements VelocityModel {
  private final int dim;
  private final double c;

  public LinearModel(int dim, double c) {
    this.dim = dim;
    this.c = c;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    INDArray velocity = x.mul(-c);
    long rows = x.rows();
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray w) {
        return w.mul(-c).castTo(x.dataType()); // J = -c I
      }

      @Override
      public Optional<INDArray> exactDivergence() {
        return Optional.of(NdArrays.column(-c * dim, rows, x.dataType()));
      }
    };
  }
}
