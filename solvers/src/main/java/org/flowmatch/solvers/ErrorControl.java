package org.flowmatch.solvers;

/** How an adaptive solver controls the error of a batch. */
public enum ErrorControl {
  /**
   * One step size for the whole batch, accepted when the root-mean-square error over every entry of the batch is
   * within tolerance (as torchdiffeq does). Cheap bookkeeping; the hardest row sets the pace for all.
   */
  SHARED,
  /**
   * One step size and one clock per row (as torchode does): each row is accepted or rejected on its own error,
   * all active rows are still evaluated in one batched call, and finished rows stop costing evaluations.
   */
  PER_ROW
}
