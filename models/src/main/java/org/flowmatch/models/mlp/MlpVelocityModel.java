package org.flowmatch.models.mlp;

import org.flowmatch.core.Checks;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.training.TrainableModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A velocity model backed by an {@link MlpNetwork}. The network predicts in its spec's parameterization; anything
 * other than velocity is converted through the path.
 *
 * <p>Vector-Jacobian products go through the conversion too: for a fixed t the conversion is linear in (x, p),
 * u = A x + B p(x), so w^T du/dx = A w + B (w^T dp/dx) is the same conversion applied to (x = w, p = w^T dp/dx).
 *
 * <p>A conditional network ({@link MlpSpec#conditioning()}) takes the condition features after x and the time
 * features; the plain {@link #velocity(INDArray, INDArray)} is the unconditional field (zero condition features),
 * and vector-Jacobian products with respect to x read only the x columns of the input gradient.
 *
 * <p>Not thread-safe (the kernel's buffers): give each thread its own model. A {@link Linearization} is valid
 * until the next call on the model.
 */
public final class MlpVelocityModel implements TrainableModel, ConditionalVelocityModel {
  private final MlpNetwork network;
  private final ProbabilityPath path;
  private final NetworkKernel kernel;
  private long generation;

  /**
   * @param network the network
   * @param path the path that converts x1 or epsilon predictions into velocities; may be null for a
   *     velocity-predicting network
   */
  public MlpVelocityModel(MlpNetwork network, ProbabilityPath path) {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    if (path == null && network.spec().parameterization() != Parameterization.VELOCITY) {
      throw new IllegalArgumentException("a network that predicts " + network.spec().parameterization().configName()
          + " needs a path to convert its predictions into velocities");
    }
    this.network = network;
    this.path = path;
    this.kernel = NetworkKernel.of(network, Parallelism.shared());
  }

  public MlpNetwork network() {
    return network;
  }

  public MlpSpec spec() {
    return network.spec();
  }

  @Override
  public int dim() {
    return network.spec().dim();
  }

  @Override
  public Conditioning conditioning() {
    return spec().conditioning();
  }

  @Override
  public DataType dataType() {
    return network.spec().dataType();
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t) {
    return velocity(x, t, Conditions.none((int) x.rows()));
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t, Conditions conditions) {
    INDArray prediction = predict(x, t, conditions);
    return toVelocity(prediction, x, t);
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t) {
    return linearize(x, t, Conditions.none((int) x.rows()));
  }

  @Override
  public Linearization linearize(INDArray x, INDArray t, Conditions conditions) {
    INDArray prediction = predict(x, t, conditions);
    INDArray velocity = toVelocity(prediction, x, t);
    long at = generation;
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray w) {
        if (at != generation) {
          throw new IllegalStateException("this linearization is stale: the model was evaluated since");
        }
        Checks.matrix(w, "w", x.rows(), dim());
        INDArray wModel = w.castTo(spec().dataType());
        INDArray inputGradient = kernel.backward(wModel, false, true);
        INDArray dx = inputGradient.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim()));
        INDArray result = spec().parameterization() == Parameterization.VELOCITY ? dx.dup()
            : path.convert(dx, spec().parameterization(), Parameterization.VELOCITY, wModel, t.castTo(spec().dataType()));
        return result.castTo(x.dataType());
      }
    };
  }

  @Override
  public Parameterization parameterization() {
    return spec().parameterization();
  }

  /**
   * The raw network output at (x, t) in the spec's parameterization, with the activations kept for a backward
   * pass; a view of the kernel's buffers.
   */
  @Override
  public INDArray predict(INDArray x, INDArray t) {
    return predict(x, t, Conditions.none((int) x.rows()));
  }

  @Override
  public INDArray predict(INDArray x, INDArray t, Conditions conditions) {
    Checks.matrix(x, "x", -1, dim());
    Checks.timeColumn(t, "t", x.rows());
    if (conditions.size() != x.rows()) {
      throw new IllegalArgumentException(conditions.size() + " conditions for " + x.rows() + " rows");
    }
    conditions.requireFits(conditioning());
    generation++;
    if (spec().dataType() == DataType.FLOAT) {
      // The values inputs(...) would hold, without the ND4J array.
      return kernel.forward(NdArrays.floats(inputValues(x, t, conditions)), (int) x.rows());
    }
    return kernel.forward(inputs(x, t, conditions));
  }

  @Override
  public void backward(INDArray predictionGradient) {
    kernel.backward(predictionGradient, true, false);
  }

  @Override
  public INDArray parameters() {
    return network.params();
  }

  @Override
  public INDArray gradients() {
    return network.gradients();
  }

  @Override
  public MlpVelocityModel withParameters(INDArray parameters) {
    return new MlpVelocityModel(MlpNetwork.withParameters(spec(), parameters), path);
  }

  /** The path that converts predictions, or null for a velocity network. */
  public ProbabilityPath path() {
    return path;
  }

  private INDArray toVelocity(INDArray prediction, INDArray x, INDArray t) {
    Parameterization p = spec().parameterization();
    INDArray v = p == Parameterization.VELOCITY ? prediction.dup()
        : path.convert(prediction, p, Parameterization.VELOCITY, x.castTo(spec().dataType()),
            t.castTo(spec().dataType()));
    return v.castTo(x.dataType());
  }

  /** The network input [x, time features, condition features] in the network's data type. */
  private INDArray inputs(INDArray x, INDArray t, Conditions conditions) {
    return NdArrays.matrix(inputValues(x, t, conditions), x.rows(), spec().inputWidth(), spec().dataType());
  }

  /** The network input's values, row-major, in double precision. */
  private double[] inputValues(INDArray x, INDArray t, Conditions conditions) {
    int m = (int) x.rows();
    int d = dim();
    int width = spec().inputWidth();
    double[] xs = NdArrays.toDoubles(x);
    double[] ts = NdArrays.toDoubles(t);
    double[] in = new double[m * width];
    for (int i = 0; i < m; i++) {
      System.arraycopy(xs, i * d, in, i * width, d);
      spec().time().write(ts[i], in, i * width + d);
      if (spec().conditioning().conditional()) {
        conditions.writeFeatures(i, spec().conditioning(), in, i * width + d + spec().time().width());
      }
    }
    return in;
  }

  @Override
  public String toString() {
    MlpSpec s = spec();
    return "mlp(" + s.dim() + " -> " + s.depth() + " x " + s.width() + " " + s.activation().configName() + ", time "
        + s.time() + ", " + s.parameterization().configName() + ", " + s.dataType()
        + (s.conditioning().conditional() ? ", condition " + s.conditioning() : "") + ")";
  }
}
