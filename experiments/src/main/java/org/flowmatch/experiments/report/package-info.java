/**
 * The study report: {@link org.flowmatch.experiments.report.StudyReport} turns a study's cell results into a
 * self-contained {@code index.html} (tables per metric with confidence intervals and paired differences, faceted
 * plots chosen by the grid's {@code plots:} section, one card per trained model);
 * {@link org.flowmatch.experiments.report.Interval} holds the statistics over seeds.
 */
package org.flowmatch.experiments.report;
