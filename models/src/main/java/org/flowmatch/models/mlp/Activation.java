package org.flowmatch.models.mlp;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.activations.IActivation;

/** The hidden-layer activations, by config name, with their DL4J counterparts. */
public enum Activation {
  /** x sigmoid(x), also called swish: smooth, the usual choice for flow matching networks. */
  SILU(org.nd4j.linalg.activations.Activation.SWISH),
  SELU(org.nd4j.linalg.activations.Activation.SELU),
  RELU(org.nd4j.linalg.activations.Activation.RELU),
  TANH(org.nd4j.linalg.activations.Activation.TANH);

  private final org.nd4j.linalg.activations.Activation dl4j;

  Activation(org.nd4j.linalg.activations.Activation dl4j) {
    this.dl4j = dl4j;
  }

  /** The DL4J activation, for the network configuration. */
  public org.nd4j.linalg.activations.Activation dl4j() {
    return dl4j;
  }

  IActivation function() {
    return dl4j.getActivationFunction();
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
