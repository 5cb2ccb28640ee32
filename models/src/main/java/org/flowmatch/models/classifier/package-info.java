/**
 * A small DL4J classifier used as a judge of generated samples: {@link org.flowmatch.models.classifier.MlpClassifier}
 * is a real {@code MultiLayerNetwork} (ReLU hidden layers, softmax output, cross-entropy, Adam) trained from an
 * explicit seed, whose predicted labels give the class consistency of conditional samples and whose penultimate
 * layer gives the features of a Fréchet distance (like FID). It lives here, not in {@code experiments}, so that any
 * module can use it.
 */
package org.flowmatch.models.classifier;
