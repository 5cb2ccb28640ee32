package org.flowmatch.models;

import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.Scheduler;
import java.util.function.Function;
import org.flowmatch.core.NdArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact conditional velocity of a {@link LabelledGaussianMixture}: v(x, t | c) is the
 * {@link GaussianMixtureVelocity} of class c's mixture, and v(x, t | none) that of the whole mixture (the
 * marginal field, since the classes partition the components). Each row is evaluated by the oracle of its
 * condition, so velocities, vector-Jacobian products and divergences are all exact. Immutable and thread-safe.
 */
public final class LabelledMixtureVelocity implements ConditionalVelocityModel {
  private final LabelledGaussianMixture target;
  private final GaussianMixtureVelocity marginal;
  private final GaussianMixtureVelocity[] perClass;

  public LabelledMixtureVelocity(LabelledGaussianMixture target, Scheduler scheduler) {
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    this.target = target;
    this.marginal = new GaussianMixtureVelocity(target.marginal(), scheduler);
    this.perClass = new GaussianMixtureVelocity[target.classCount()];
    for (int c = 0; c < perClass.length; c++) {
      perClass[c] = new GaussianMixtureVelocity(target.classMixture(c), scheduler);
    }
  }

  public LabelledGaussianMixture target() {
    return target;
  }

  /** The oracle of class c (the marginal one for {@link Conditions#NONE}). */
  public GaussianMixtureVelocity oracle(int c) {
    return c == Conditions.NONE ? marginal : perClass[c];
  }

  @Override
  public Conditioning conditioning() {
    return target.conditioning();
  }

  @Override
  public int dim() {
    return target.dim();
  }

  @Override
  public INDArray velocity(INDArray x, INDArray t) {
    return marginal.velocity(x, t);
  }

  /**
   * Each class's rows through its oracle, then scattered back into row order (in plain arrays: per-row ND4J copies
   * would cost more than the oracle itself).
   */
  @Override
  public Linearization linearize(INDArray x, INDArray t, Conditions conditions) {
    Checks.matrix(x, "x", conditions.size(), dim());
    conditions.requireFits(conditioning());
    if (!conditions.conditioning().conditional()) {
      return marginal.linearize(x, t);
    }
    int n = (int) x.rows();
    int d = dim();
    int groups = perClass.length + 1;
    int[][] rows = new int[groups][];
    Linearization[] parts = new Linearization[groups];
    double[] xs = NdArrays.toDoubles(x);
    double[] ts = NdArrays.toDoubles(t);
    for (int g = 0; g < groups; g++) {
      int label = g - 1; // group 0 is NONE
      rows[g] = LabelledGaussianMixture.rowsOf(conditions, label);
      if (rows[g].length == n) {
        return oracle(label).linearize(x, t);
      }
      if (rows[g].length > 0) {
        parts[g] = oracle(label).linearize(gather(xs, d, rows[g], x.dataType()),
            gather(ts, 1, rows[g], x.dataType()));
      }
    }
    DataType type = x.dataType();
    INDArray velocity = scatter(rows, parts, n, d, type, Linearization::velocity);
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray w) {
        Checks.matrix(w, "w", n, d);
        double[] ws = NdArrays.toDoubles(w);
        return scatter(rows, parts, n, d, type, p -> p.vjp(gather(ws, d, rows[indexOf(parts, p)], type)));
      }

      @Override
      public Optional<INDArray> exactDivergence() {
        return Optional.of(scatter(rows, parts, n, 1, type, p -> p.exactDivergence().orElseThrow()));
      }
    };
  }

  private static int indexOf(Linearization[] parts, Linearization p) {
    for (int g = 0; g < parts.length; g++) {
      if (parts[g] == p) {
        return g;
      }
    }
    throw new IllegalStateException("unknown part");
  }

  private static INDArray gather(double[] values, int width, int[] rows, DataType type) {
    double[] out = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * width, out, i * width, width);
    }
    return NdArrays.matrix(out, rows.length, width, type);
  }

  private static INDArray scatter(int[][] rows, Linearization[] parts, int n, int width, DataType type,
      Function<Linearization, INDArray> what) {
    double[] out = new double[n * width];
    for (int g = 0; g < rows.length; g++) {
      if (parts[g] != null) {
        double[] part = NdArrays.toDoubles(what.apply(parts[g]));
        for (int i = 0; i < rows[g].length; i++) {
          System.arraycopy(part, i * width, out, rows[g][i] * width, width);
        }
      }
    }
    return NdArrays.matrix(out, n, width, type);
  }

  @Override
  public String toString() {
    return GaussianMixtureVelocity.NAME + "(" + target + ")";
  }
}
