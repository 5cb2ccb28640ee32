/**
 * Metrics as components: a {@link org.flowmatch.core.eval.Metric} declares what it {@link
 * org.flowmatch.core.eval.Need needs} and computes named {@link org.flowmatch.core.eval.MetricValue values} from an
 * {@link org.flowmatch.core.eval.EvaluationContext}, which computes each shared ingredient (samples, held-out data,
 * trajectories, log-likelihoods, reference solves) at most once. Modules register metrics by name in a Guice
 * {@code MapBinder<String, Factory<Metric>>}, like paths and solvers; this package knows nothing of files or Guice.
 */
package org.flowmatch.core.eval;
