/**
 * The {@code flowmatch} command line: demo, train, sample, likelihood, animate, reproduce, evaluate, ablate, list
 * and bench. Each command is a thin layer over {@link org.flowmatch.experiments.run.Runner} and friends.
 */
package org.flowmatch.experiments.cli;
