/**
 * The discrete flow matching example: flow_matching's 2-D discrete checkerboard, trained, sampled, plotted with the
 * experiments' plotting engine and scored against the exact table.
 */
package org.flowmatch.experiments.discrete;
