/**
 * Experiment configs: YAML with dotted keys and Hydra-style overrides ({@link
 * org.flowmatch.experiments.config.ExperimentConfig}), the schema of valid keys drawn from the registered components
 * (wiring.ConfigSchema), and the record of every value actually used
 * ({@link org.flowmatch.experiments.config.Resolution}), which becomes the run's resolved config.
 */
package org.flowmatch.experiments.config;
