/**
 * Affine probability paths x_t = alpha_t x1 + sigma_t x0: one {@link org.flowmatch.paths.AffineProbabilityPath}
 * driven by interchangeable {@link org.flowmatch.core.Scheduler}s (CondOT, VP, linear-VP, cosine, polynomial).
 */
package org.flowmatch.paths;
