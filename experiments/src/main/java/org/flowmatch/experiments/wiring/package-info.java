/**
 * Guice wiring: the registries the implementation modules fill by name, the schema of valid keys derived from them,
 * and the {@link org.flowmatch.experiments.wiring.ExperimentModule} that turns a config into the components of one
 * {@link org.flowmatch.experiments.wiring.Experiment}.
 */
package org.flowmatch.experiments.wiring;
