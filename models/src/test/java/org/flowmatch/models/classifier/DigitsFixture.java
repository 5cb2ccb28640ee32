package org.flowmatch.models.classifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.flowmatch.core.Rng;
import org.flowmatch.models.files.FileDatasets;

/**
 * The built-in UCI digits (64 grey levels 0..16, then the label), split once into training and held-out rows by a
 * seed.
 */
final class DigitsFixture {

  final double[][] trainX;
  final int[] trainY;
  final double[][] testX;
  final int[] testY;

  private static DigitsFixture instance;

  private DigitsFixture(double[][] x, int[] y, double holdout, long seed) {
    int[] order = Rng.seeded(seed).permutation(x.length);
    int test = (int) Math.round(holdout * x.length);
    testX = new double[test][];
    testY = new int[test];
    trainX = new double[x.length - test][];
    trainY = new int[x.length - test];
    for (int i = 0; i < x.length; i++) {
      int r = order[i];
      if (i < test) {
        testX[i] = x[r];
        testY[i] = y[r];
      } else {
        trainX[i - test] = x[r];
        trainY[i - test] = y[r];
      }
    }
  }

  /** The digits with a fifth held out (seed 7), read once. */
  static synchronized DigitsFixture get() {
    if (instance == null) {
      List<double[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          new GZIPInputStream(DigitsFixture.class.getResourceAsStream(FileDatasets.DIGITS_RESOURCE)),
        StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.split(",");
          double[] row = new double[f.length - 1];
          for (int j = 0; j < row.length; j++) {
            row[j] = Double.parseDouble(f[j]);
          }
          rows.add(row);
          labels.add(Integer.parseInt(f[f.length - 1].trim()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      instance = new DigitsFixture(rows.toArray(new double[0][]),
          labels.stream().mapToInt(Integer::intValue).toArray(), 0.2, 7);
    }
    return instance;
  }
}
