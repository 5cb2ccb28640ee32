/**
 * Velocity networks on DeepLearning4J. {@link org.flowmatch.models.mlp.MlpNetwork} is a real
 * {@code MultiLayerNetwork} (its parameters, configuration and serialization are DL4J's);
 * {@link org.flowmatch.models.mlp.MlpKernel} runs its forward and backward passes as ND4J matrix products on the
 * network's own parameter and gradient views, into preallocated buffers, which is what makes training and sampling
 * fast (see docs/performance.md). Tests check the kernel against DL4J's own {@code output} and
 * {@code backpropGradient}.
 */
package org.flowmatch.models.mlp;
