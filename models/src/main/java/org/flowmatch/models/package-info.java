/**
 * Velocity models: the closed-form Gaussian-mixture oracle ({@link org.flowmatch.models.GaussianMixture},
 * {@link org.flowmatch.models.GaussianMixtureVelocity}), the ground truth against which paths, solvers and
 * likelihoods are checked. The 2-D toy datasets live in {@code org.flowmatch.models.data}, the couplings of
 * source and data batches (independent and minibatch optimal transport) in {@code org.flowmatch.models.ot}.
 */
package org.flowmatch.models;
