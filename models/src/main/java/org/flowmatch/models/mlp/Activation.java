package org.flowmatch.models.mlp;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.activations.IActivation;

/** The hidden-layer activations, by config name, with their DL4J counterparts. */
public enum Activation {
  /** x sigmoid(x), also called swish: smooth, the usual choice for flow matching networks. */
  SILU(new StableSwish()),
  SELU(org.nd4j.linalg.activations.Activation.SELU.getActivationFunction()),
  RELU(org.nd4j.linalg.activations.Activation.RELU.getActivationFunction()),
  TANH(org.nd4j.linalg.activations.Activation.TANH.getActivationFunction());

  private final IActivation function;

  Activation(IActivation function) {
    this.function = function;
  }

  /** The DL4J activation, for a network configuration (SiLU: {@link StableSwish}, finite gradients everywhere). */
  public IActivation dl4j() {
    return function;
  }

  IActivation function() {
    return function;
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Activation fromConfigName(String name) {
    for (Activation a : values()) {
      if (a.configName().equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + name + "'; valid: "
        + Arrays.stream(values()).map(Activation::configName).toList());
  }
}
