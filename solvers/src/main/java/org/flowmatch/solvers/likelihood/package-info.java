/**
 * Exact log-likelihoods of continuous normalizing flows: integrate the state and the divergence integral together
 * from t = 1 back to t = 0, with the divergence exact or estimated (Hutchinson).
 */
package org.flowmatch.solvers.likelihood;
