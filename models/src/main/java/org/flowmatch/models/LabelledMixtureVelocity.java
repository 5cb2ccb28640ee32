package org.flowmatch.models;

import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Linearization;
import org.flowmatch.core.Scheduler;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

  /** Each class's rows through its oracle, then scattered back into row order. */
  @Override
  public Linearization linearize(INDArray x, INDArray t, Conditions conditions) {
    Checks.matrix(x, "x", conditions.size(), dim());
    conditions.requireFits(conditioning());
    if (!conditions.conditioning().conditional()) {
      return marginal.linearize(x, t);
    }
    int n = (int) x.rows();
    int groups = perClass.length + 1;
    int[][] rows = new int[groups][];
    Linearization[] parts = new Linearization[groups];
    for (int g = 0; g < groups; g++) {
      int label = g - 1; // group 0 is NONE
      rows[g] = LabelledGaussianMixture.rowsOf(conditions, label);
      if (rows[g].length > 0) {
        parts[g] = oracle(label).linearize(x.getRows(rows[g]), t.getRows(rows[g]));
      }
    }
    INDArray velocity = Nd4j.create(x.dataType(), n, dim());
    scatter(velocity, rows, parts, Linearization::velocity);
    return new Linearization() {
      @Override
      public INDArray velocity() {
        return velocity;
      }

      @Override
      public INDArray vjp(INDArray w) {
        Checks.matrix(w, "w", n, dim());
        INDArray out = Nd4j.create(x.dataType(), n, dim());
        for (int g = 0; g < groups; g++) {
          if (parts[g] != null) {
            INDArray part = parts[g].vjp(w.getRows(rows[g]));
            for (int i = 0; i < rows[g].length; i++) {
              out.putRow(rows[g][i], part.getRow(i));
            }
          }
        }
        return out;
      }

      @Override
      public Optional<INDArray> exactDivergence() {
        INDArray out = Nd4j.create(x.dataType(), n, 1);
        scatter(out, rows, parts, p -> p.exactDivergence().orElseThrow());
        return Optional.of(out);
      }
    };
  }

  private static void scatter(INDArray out, int[][] rows, Linearization[] parts,
      java.util.function.Function<Linearization, INDArray> what) {
    for (int g = 0; g < rows.length; g++) {
      if (parts[g] != null) {
        INDArray part = what.apply(parts[g]);
        for (int i = 0; i < rows[g].length; i++) {
          out.putRow(rows[g][i], part.getRow(i));
        }
      }
    }
  }

  @Override
  public String toString() {
    return GaussianMixtureVelocity.NAME + "(" + target + ")";
  }
}
