/**
 * How components are built from configuration, without this vocabulary knowing about files or Guice: each
 * implementation module registers {@link org.flowmatch.core.config.Factory factories} by name, and the experiments
 * module hands each one its section of the config as {@link org.flowmatch.core.config.Parameters}.
 */
package org.flowmatch.core.config;
