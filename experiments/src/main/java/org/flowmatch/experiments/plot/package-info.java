/**
 * Plots for papers and READMEs on java.awt alone: {@link org.flowmatch.experiments.plot.Chart} is the one drawing
 * engine (linear or log axes with nice ticks, title, labels, legend) for scatters, lines and Pareto fronts
 * ({@link org.flowmatch.experiments.plot.Series}), heat maps with a colour bar
 * ({@link org.flowmatch.experiments.plot.HeatMap}) and trajectories
 * ({@link org.flowmatch.experiments.plot.TrajectoryPlot}); {@link org.flowmatch.experiments.plot.ImageGrid} draws
 * flat rows as images (of an {@link org.flowmatch.experiments.plot.ImageShape}) in labelled blocks. Both are
 * {@link org.flowmatch.experiments.plot.Figure}s: {@link org.flowmatch.experiments.plot.Panels} puts figures side by
 * side and {@link org.flowmatch.experiments.plot.FlowAnimation} makes a looping GIF of a flow, as moving points in
 * the plane or as a grid of images forming out of noise. Colours come
 * from {@link org.flowmatch.experiments.plot.Palette}: Okabe-Ito for series, viridis for values.
 */
package org.flowmatch.experiments.plot;
