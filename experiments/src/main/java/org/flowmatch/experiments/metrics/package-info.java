/**
 * Sample-quality and flow metrics as small, pure static functions on plain {@code double[][]} point sets (one row
 * per point, any dimension) and {@code double[n][T][d]} trajectories: exact optimal-transport distances
 * ({@link org.flowmatch.experiments.metrics.Wasserstein}), their sliced estimate
 * ({@link org.flowmatch.experiments.metrics.SlicedWasserstein}), kernel and energy two-sample statistics with
 * jackknife standard errors ({@link org.flowmatch.experiments.metrics.Mmd},
 * {@link org.flowmatch.experiments.metrics.EnergyDistance}), the straightness of a flow's paths
 * ({@link org.flowmatch.experiments.metrics.Straightness}) and likelihood summaries
 * ({@link org.flowmatch.experiments.metrics.LikelihoodMetrics}). Inputs are validated: an empty set, ragged or
 * mismatched dimensions and non-finite values throw an {@link java.lang.IllegalArgumentException} naming the
 * argument. The functions draw randomness only from an explicit {@link org.flowmatch.core.Rng}, so every value is
 * reproducible.
 */
package org.flowmatch.experiments.metrics;
