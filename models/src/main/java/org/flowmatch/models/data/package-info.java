/**
 * The 2-D toy datasets of the flow matching literature, each an immutable
 * {@link org.flowmatch.core.Distribution} that draws every random number from the {@link org.flowmatch.core.Rng}
 * it is given, looked up by name through {@link org.flowmatch.models.data.Datasets}.
 *
 * <p>The definitions follow torchcfm (Tong et al.), FFJORD's {@code toy_data.py} (Grathwohl et al.) and the
 * scikit-learn generators they call, scalings included. Where a reference spreads a parameter over the batch with
 * {@code linspace} or splits the batch into equal classes, these draw the parameter or the class at random per row
 * instead, so that the rows are independent draws of one law, as {@code Distribution#sample} promises.
 */
package org.flowmatch.models.data;
