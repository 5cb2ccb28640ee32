package org.flowmatch.core.eval;

/**
 * A shared ingredient a {@link Metric} reads from its {@link EvaluationContext}. The evaluation computes only the
 * ingredients the chosen metrics need, and leaves out of its default selection a metric whose needs the experiment
 * cannot meet (a likelihood metric when the source has no density); choosing such a metric explicitly is a config
 * error. New kinds of ingredient (sample labels, a classifier) are added here with their accessor in the context.
 */
public enum Need {
  /** Samples of the model, {@link EvaluationContext#samples()}. */
  SAMPLES("samples of the model"),
  /** Held-out data, {@link EvaluationContext#heldOut()}. */
  HELD_OUT("held-out data"),
  /**
   * The flow's paths at equally spaced times, {@link EvaluationContext#trajectories()}: from a fixed tight solve,
   * so that they depend on the model only, not on the sampling solver.
   */
  TRAJECTORIES("sample trajectories"),
  /** Log-likelihoods of held-out points under the model (needs a source with a density). */
  LIKELIHOODS("log-likelihoods of held-out points (a source with a density)"),
  /** The data's own log-density at the likelihood points (needs data with a density). */
  DATA_DENSITY("the data's log-density (data with a closed-form density)"),
  /** Tight reference solves from the same noise, {@link EvaluationContext#referenceSamples()}. */
  REFERENCE("tight reference solves"),
  /**
   * Samples generated for known classes, with labelled training and held-out rows, {@link
   * EvaluationContext#labelled()} (a class-conditional model on labelled data).
   */
  LABELS("samples of known classes and labelled data (a class-conditional model on labelled data)"),
  /**
   * The sampled token sequences and the data as a table (family: discrete): the context is then the discrete
   * module's {@code TokenContext}.
   */
  TOKEN_TABLE("sampled tokens and the data as a table (family: discrete)");

  private final String description;

  Need(String description) {
    this.description = description;
  }

  /** What it is, in a few words, for messages and {@code flowmatch list}. */
  public String description() {
    return description;
  }
}
