package org.flowmatch.models.training;

/** Told of every training step; may ask training to stop early (for example on Ctrl-C). */
public interface TrainingListener {

  TrainingListener NONE = state -> {};

  /** After each step. */
  void onStep(TrainingState state);

  /** Checked before each step. */
  default boolean stopRequested() {
    return false;
  }
}
