package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A velocity model of v(x, t | c): one field per condition c, and the unconditional field v(x, t | none) that
 * classifier-free guidance needs. Its plain {@link #velocity} and {@link #linearize(INDArray, INDArray)} are the
 * unconditional field, so a conditional model used where an unconditional one is expected samples p(x).
 *
 * <p>{@link #given(Conditions)} fixes the condition of every row and returns an ordinary {@link VelocityModel},
 * so that every solver and the log-likelihood work on conditional models unchanged. That model honours
 * {@code velocity(x, t, rows)} and {@code linearize(x, t, rows)}: a solver that drops finished rows gets the
 * conditions of the rows it still integrates.
 */
public interface ConditionalVelocityModel extends VelocityModel {

  /** What the model is conditioned on. */
  Conditioning conditioning();

  /**
   * Evaluates v(x, t | c) row by row, keeping what vector-Jacobian products need.
   *
   * @param x states {@code [batch, dim]}
   * @param t times {@code [batch, 1]}
   * @param conditions {@code batch} rows, of this model's conditioning or {@link Conditions#none(int)}
   */
  Linearization linearize(INDArray x, INDArray t, Conditions conditions);

  /** v(x, t | c). */
  default INDArray velocity(INDArray x, INDArray t, Conditions conditions) {
    return linearize(x, t, conditions).velocity();
  }

  /** The unconditional field v(x, t | none). */
  @Override
  default Linearization linearize(INDArray x, INDArray t) {
    return linearize(x, t, Conditions.none((int) x.rows()));
  }

  /** The field of row i conditioned on row i of {@code conditions}, as an ordinary model. */
  default VelocityModel given(Conditions conditions) {
    return new Conditioned(this, conditions);
  }

  /** The model that {@link #given} returns. */
  final class Conditioned implements VelocityModel {
    private final ConditionalVelocityModel model;
    private final Conditions conditions;

    Conditioned(ConditionalVelocityModel model, Conditions conditions) {
      if (model == null || conditions == null) {
        throw new IllegalArgumentException("model and conditions must not be null");
      }
      this.model = model;
      this.conditions = conditions.requireFits(model.conditioning());
    }

    @Override
    public int dim() {
      return model.dim();
    }

    @Override
    public org.nd4j.linalg.api.buffer.DataType dataType() {
      return model.dataType();
    }

    @Override
    public Linearization linearize(INDArray x, INDArray t) {
      return model.linearize(x, t, all(x));
    }

    @Override
    public Linearization linearize(INDArray x, INDArray t, int[] rows) {
      return model.linearize(x, t, conditions.rows(rows));
    }

    @Override
    public INDArray velocity(INDArray x, INDArray t) {
      return model.velocity(x, t, all(x));
    }

    @Override
    public INDArray velocity(INDArray x, INDArray t, int[] rows) {
      return model.velocity(x, t, conditions.rows(rows));
    }

    private Conditions all(INDArray x) {
      if (x.rows() != conditions.size()) {
        throw new IllegalArgumentException("a model conditioned on " + conditions.size() + " rows was called on "
            + x.rows() + " rows without their indices; call velocity(x, t, rows)");
      }
      return conditions;
    }

    @Override
    public String toString() {
      return model + " | " + conditions;
    }
  }
}
