/**
 * The vocabulary of flowmatch: every other module implements or consumes these interfaces.
 *
 * <p>A state is a batch: an ND4J matrix of shape {@code [batch, dim]}, one sample per row. Times are given per
 * row as a column {@code [batch, 1]}, so that training (one random time per sample) and per-row adaptive solvers
 * (one clock per sample) use the same fields as fixed-time sampling. Randomness always comes from an explicit
 * {@link org.flowmatch.core.Rng}.
 */
package org.flowmatch.core;
