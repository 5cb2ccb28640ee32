package org.flowmatch.experiments;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model that records the rows of every call the solvers make, so that tests see an ingredient computed twice. */
public final class CountingModel implements VelocityModel {
  private final VelocityModel inner;
  public final List<Integer> velocityRows = new ArrayList<>();
  public final List<Integer> linearizeRows = new ArrayList<>();

  public CountingModel(VelocityModel inner) {
    this.inner = inner;
  }

  /** Every call so far, velocities and linearizations. */
  public int calls() {
    return velocityRows.size() + linearizeRows.size();
  }

  @Override
  public int dim() {
    return inner.dim();
  }

  @Override
  public DataType dataType() {
    return inner.dataType();
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    linearizeRows.add((int) x.rows());
    return inner.linearize(x, t);
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t) {
    velocityRows.add((int) x.rows());
    return inner.velocity(x, t);
  }
}
