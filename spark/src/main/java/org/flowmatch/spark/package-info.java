/**
 * Runs an ablation grid on Apache Spark: each training group of the grid (one model and the cells that share it)
 * is one Spark task that builds its components from the grid's configs exactly as the local runner does and writes
 * its cells into the shared study directory; the driver then collects the tables. Optional: built with
 * {@code mvn -Pspark}.
 */
package org.flowmatch.spark;
