package org.flowmatch.experiments.run;

import org.flowmatch.core.ClassifierFreeGuidance;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.VelocityModel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the commands that write or read points share: the map between the units of a data file and the normalized
 * units a model works in, and the model of given conditions (with the run's guidance).
 */
public final class DataUnits {
  private DataUnits() {}

  /** Model units to file units: the dataset's normalization undone (the identity for built-in data). */
  public static INDArray toFile(Distribution data, INDArray x) {
    return data instanceof Dataset d ? d.normalization().undo(x) : x;
  }

  /** File units to model units. */
  public static INDArray toModel(Distribution data, INDArray x) {
    return data instanceof Dataset d ? d.normalization().apply(x) : x;
  }

  /**
   * What to add to a log-likelihood in model units to get one in file units: log |det d(normalize)/dx|.
   */
  public static double logJacobian(Distribution data) {
    return data instanceof Dataset d ? d.normalization().logJacobian() : 0;
  }

  /** The number of classes of a model, or 0 when it is not conditioned on classes. */
  public static int classes(VelocityModel model) {
    return model instanceof ConditionalVelocityModel c && c.conditioning().kind() == Conditioning.Kind.LABELS
        ? c.conditioning().size() : 0;
  }

  /**
   * The model to integrate for rows with {@code conditions}: guided with weight {@code guidance} (0: the plain
   * conditional field); the model itself for {@link Conditions#none(int)} without guidance.
   *
   * @throws IllegalArgumentException if conditions are given to an unconditional model
   */
  public static VelocityModel given(VelocityModel model, Conditions conditions, double guidance) {
    if (!conditions.conditioning().conditional() && guidance == 0) {
      return model;
    }
    if (!(model instanceof ConditionalVelocityModel c) || !c.conditioning().conditional()) {
      throw new IllegalArgumentException("model " + model + " is unconditional: it takes no class and no guidance");
    }
    return ClassifierFreeGuidance.of(c, conditions, guidance);
  }
}
