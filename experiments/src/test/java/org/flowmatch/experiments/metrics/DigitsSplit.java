package org.flowmatch.experiments.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.flowmatch.core.Rng;
import org.flowmatch.models.files.FileDatasets;

/** The built-in UCI digits in file units (grey levels 0..16), a fifth held out by seed 3, read once. */
final class DigitsSplit {
  final double[][] trainX;
  final int[] trainY;
  final double[][] testX;
  final int[] testY;

  private static DigitsSplit instance;

  private DigitsSplit(List<double[]> rows, List<Integer> labels) {
    int[] order = Rng.seeded(3).permutation(rows.size());
    int test = rows.size() / 5;
    testX = new double[test][];
    testY = new int[test];
    trainX = new double[rows.size() - test][];
    trainY = new int[rows.size() - test];
    for (int i = 0; i < order.length; i++) {
      if (i < test) {
        testX[i] = rows.get(order[i]);
        testY[i] = labels.get(order[i]);
      } else {
        trainX[i - test] = rows.get(order[i]);
        trainY[i - test] = labels.get(order[i]);
      }
    }
  }

  static synchronized DigitsSplit get() {
    if (instance == null) {
      List<double[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      try (InputStream raw = open();
          BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
              StandardCharsets.US_ASCII))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.split(",");
          double[] r = new double[64];
          for (int j = 0; j < 64; j++) {
            r[j] = Double.parseDouble(f[j]);
          }
          rows.add(r);
          labels.add(Integer.parseInt(f[64].trim()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      instance = new DigitsSplit(rows, labels);
    }
    return instance;
  }

  private static InputStream open() throws IOException {
    return DigitsSplit.class.getResourceAsStream(FileDatasets.DIGITS_RESOURCE);
  }
}
