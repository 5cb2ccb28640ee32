package org.flowmatch.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Classifier-free guidance (Ho and Salimans), in flow_matching's convention: the guided field
 * <pre>
 *   v_w(x, t | c) = (1 + w) v(x, t | c) - w v(x, t | none),
 * </pre>
 * so that w = 0 is the plain conditional field and w &gt; 0 pushes samples towards what distinguishes c. Rows
 * whose condition is "none" get v(x, t | none) whatever w is.
 *
 * <p>Both halves come from one batched evaluation of the model: the states are stacked as [x; x] with the
 * conditions [c; none], which for a network is one forward pass of twice the rows instead of two passes. The field
 * is linear in the two halves, so its vector-Jacobian product and its divergence are the same combination of the
 * halves' (one backward pass over the stacked batch with the cotangent [u; u]). The divergence makes the guided
 * log-likelihood exact: it is the density of what guided sampling produces, which for w != 0 is not p(x | c) and
 * not the normalised tilt p(x | c)^(1 + w) / p(x)^w either.
 */
public final class ClassifierFreeGuidance implements VelocityModel {
  private final ConditionalVelocityModel model;
  private final Conditions conditions;
  private final double weight;

  private ClassifierFreeGuidance(ConditionalVelocityModel model, Conditions conditions, double weight) {
    this.model = model;
    this.conditions = conditions;
    this.weight = weight;
  }

  /**
   * The guided field of {@code model} for the rows' {@code conditions} at guidance weight {@code weight}; with
   * weight 0 it is {@code model.given(conditions)} (one evaluation per step, not two).
   *
   * @throws IllegalArgumentException if the weight is not finite or the conditions do not fit the model
   */
  public static VelocityModel of(ConditionalVelocityModel model, Conditions conditions, double weight) {
    if (model == null || conditions == null) {
      throw new IllegalArgumentException("model and conditions must not be null");
    }
    Checks.finite(weight, "guidance weight");
    conditions.requireFits(model.conditioning());
    return weight == 0 ? model.given(conditions) : new ClassifierFreeGuidance(model, conditions, weight);
  }

  /** The guidance weight w. */
  public double weight() {
    return weight;
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
    return guided(x, t, all(x));
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t, int[] rows) {
    return guided(x, t, conditions.rows(rows));
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t, int[] rows) {
    return linearize(x, t, rows).velocity();
  }

  private Linearization guided(INDArray x, INDArray t, Conditions c) {
    int n = (int) x.rows();
    Linearization both = model.linearize(Nd4j.vstack(x, x), Nd4j.vstack(t, t), c.concat(Conditions.none(n)));
    double w = weight;
    INDArray velocity = combine(both.velocity(), n, w);
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray u) {
        return combine(both.vjp(Nd4j.vstack(u, u)), n, w);
      }

      @Override
      public Optional<INDArray> exactDivergence() {
        return both.exactDivergence().map(d -> combine(d, n, w));
      }
    };
  }

  /** (1 + w) top - w bottom of a stacked {@code [2n, k]} result. */
  private static INDArray combine(INDArray stacked, int n, double w) {
    INDArray top = stacked.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
    INDArray bottom = stacked.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all());
    return top.mul(1 + w).subi(bottom.mul(w));
  }

  private Conditions all(INDArray x) {
    if (x.rows() != conditions.size()) {
      throw new IllegalArgumentException("a guided model of " + conditions.size() + " rows was called on "
          + x.rows() + " rows without their indices; call velocity(x, t, rows)");
    }
    return conditions;
  }

  @Override
  public String toString() {
    return "guided(w=" + weight + ", " + model + " | " + conditions + ")";
  }
}
