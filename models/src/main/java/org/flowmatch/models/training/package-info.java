/**
 * Conditional flow matching training: sample x1 from the data, x0 from the source and t from a time sampler, pair
 * them with a coupling, build x_t and u_t on the path, and regress the model's prediction onto its target with mean
 * squared error. No ODE is solved during training.
 */
package org.flowmatch.models.training;
