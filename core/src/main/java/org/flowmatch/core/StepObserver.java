package org.flowmatch.core;

/**
 * Told of every accepted solver step, so that trajectories, progress or statistics can be recorded without the
 * solver holding that state.
 */
@FunctionalInterface
public interface StepObserver {

  /** An observer that does nothing. */
  StepObserver NONE = event -> {};

  void onStep(StepEvent event);
}
