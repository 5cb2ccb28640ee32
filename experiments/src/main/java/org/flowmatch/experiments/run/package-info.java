/**
 * Runs: the run directory (never overwritten), the provenance manifest, CSV files, and the runner that takes an
 * {@link org.flowmatch.experiments.wiring.Experiment} through training, sampling, likelihood and plots.
 */
package org.flowmatch.experiments.run;
