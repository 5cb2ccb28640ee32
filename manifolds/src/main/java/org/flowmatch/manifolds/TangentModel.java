package org.flowmatch.manifolds;

import org.flowmatch.core.Linearization;
import org.flowmatch.core.Parameterization;
import org.flowmatch.models.training.TrainableModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A velocity network on ambient coordinates with its output projected onto the tangent space at its input:
 * v(x, t) = P_x(f(x, t)) (flow_matching's ProjectToTangent). A decorator: any trainable velocity model, usually
 * the DL4J MLP, works on a manifold this way.
 *
 * <p>Training regresses the projected output onto the geodesic path's u_t, which is tangent. Since P_x is linear
 * and symmetric, d loss / d f = P_x(d loss / d v): {@link #backward} projects the gradient and hands it on.
 *
 * <p>With periodic features (for the torus, as flow_matching's torus notebook does) the network sees
 * (cos x, sin x) instead of x, so that it is continuous across the chart's seams: its input and output are 2 dim
 * wide, and the velocity is the first dim outputs (the others get a zero gradient).
 *
 * <p>{@link #linearize} gives the velocity; its vector-Jacobian products are not implemented (they need the
 * derivative of P_x in x, and a likelihood on a manifold needs the Riemannian divergence besides), so likelihoods
 * are not computed on manifolds. Not thread-safe (the inner model's buffers).
 */
public final class TangentModel implements TrainableModel, OnManifold {
  private final TrainableModel inner;
  private final Manifold manifold;
  private final boolean periodic;
  /** The input of the last {@link #predict}, for {@link #backward}. */
  private INDArray lastX;

  public TangentModel(TrainableModel inner, Manifold manifold) {
    this(inner, manifold, false);
  }

  /**
   * @param periodic whether the network sees (cos x, sin x): then its dimension is twice this model's
   */
  public TangentModel(TrainableModel inner, Manifold manifold, boolean periodic) {
    if (inner == null || manifold == null) {
      throw new IllegalArgumentException("inner model and manifold must not be null");
    }
    if (inner.parameterization() != Parameterization.VELOCITY) {
      throw new IllegalArgumentException("a model on a manifold must predict velocity, got "
          + inner.parameterization().configName());
    }
    if (periodic && inner.dim() % 2 != 0) {
      throw new IllegalArgumentException("a network on periodic features needs an even width, got " + inner.dim());
    }
    manifold.checkDim(periodic ? inner.dim() / 2 : inner.dim());
    this.inner = inner;
    this.manifold = manifold;
    this.periodic = periodic;
  }

  public TrainableModel inner() {
    return inner;
  }

  @Override
  public Manifold manifold() {
    return manifold;
  }

  @Override
  public int dim() {
    return periodic ? inner.dim() / 2 : inner.dim();
  }

  public boolean periodic() {
    return periodic;
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t) {
    return Rows.projectTangents(manifold, x, head(inner.velocity(features(x), t)).castTo(x.dataType()));
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    INDArray v = velocity(x, t);
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return v;
      }

      @Override
      public INDArray vjp(INDArray w) {
        throw new UnsupportedOperationException("vector-Jacobian products of a tangent-projected model are not"
            + " implemented: likelihoods on a manifold need the Riemannian divergence (docs/riemannian.md)");
      }
    };
  }

  @Override
  public Parameterization parameterization() {
    return Parameterization.VELOCITY;
  }

  @Override
  public INDArray predict(INDArray x, INDArray t) {
    INDArray raw = head(inner.predict(features(x), t));
    lastX = x;
    return Rows.projectTangents(manifold, x.castTo(raw.dataType()), raw);
  }

  @Override
  public void backward(INDArray predictionGradient) {
    if (lastX == null) {
      throw new IllegalStateException("backward needs a predict first");
    }
    INDArray g = Rows.projectTangents(manifold, lastX.castTo(predictionGradient.dataType()), predictionGradient);
    inner.backward(periodic ? Nd4j.hstack(g, Nd4j.zerosLike(g)) : g);
  }

  @Override
  public INDArray parameters() {
    return inner.parameters();
  }

  @Override
  public INDArray gradients() {
    return inner.gradients();
  }

  @Override
  public TangentModel withParameters(INDArray parameters) {
    return new TangentModel(inner.withParameters(parameters), manifold, periodic);
  }

  /** (cos x, sin x) for a periodic network, else x. */
  private INDArray features(INDArray x) {
    return periodic ? Nd4j.hstack(Transforms.cos(x, true), Transforms.sin(x, true)) : x;
  }

  /** The first dim columns of a periodic network's output. */
  private INDArray head(INDArray out) {
    return periodic ? out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim())).dup() : out;
  }

  @Override
  public String toString() {
    return "tangent(" + manifold.name() + (periodic ? ", periodic features" : "") + ", " + inner + ")";
  }
}
