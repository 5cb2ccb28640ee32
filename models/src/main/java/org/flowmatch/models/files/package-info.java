/**
 * Datasets read from files: CSV, NumPy {@code .npy} and MNIST's IDX, in any dimension, with class labels or
 * condition vectors, split into training and held-out rows by a seed and normalized on the training rows
 * ({@link org.flowmatch.models.files.FileDataset}). Every reading error is a
 * {@link org.flowmatch.models.files.DataFileException}: one line naming the file, line and column.
 */
package org.flowmatch.models.files;
