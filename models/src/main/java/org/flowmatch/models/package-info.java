/**
 * Velocity models: the closed-form Gaussian-mixture oracle ({@link org.flowmatch.models.GaussianMixture},
 * {@link org.flowmatch.models.GaussianMixtureVelocity}), the ground truth against which paths, solvers and
 * likelihoods are checked.
 */
package org.flowmatch.models;
