/**
 * The one evaluation path of {@code train}, {@code evaluate} and {@code ablate}: {@link
 * org.flowmatch.experiments.eval.Evaluation} runs an experiment's chosen metrics ({@code eval.metrics}) on an
 * {@link org.flowmatch.experiments.eval.ExperimentContext}, which computes each shared ingredient once.
 */
package org.flowmatch.experiments.eval;
