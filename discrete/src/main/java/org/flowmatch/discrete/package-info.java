/**
 * Discrete flow matching (Gat et al., 2024) on sequences of D tokens over a vocabulary of V symbols: the mixture
 * path with a convex scheduler, the uniform and mask sources, the factorized posterior (an exact table oracle and a
 * DL4J network), its two losses, the CTMC velocity and the discrete Euler sampler.
 *
 * <p>Token batches are plain {@code int[n][D]} arrays and posteriors {@code double[n][D * V]} (position-major):
 * the sampler works token by token and draws from an explicit {@link org.flowmatch.core.Rng}, so that ND4J
 * appears only where a network runs.
 */
package org.flowmatch.discrete;
