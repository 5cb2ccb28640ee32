package org.flowmatch.experiments.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmatch.core.NdArrays;
import org.flowmatch.models.files.OutputFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Comma-separated points: one per line, an optional header line, errors that give the file and line. */
public final class Csv {
  private Csv() {}

  /** Writes a header and the rows of {@code columns} (all [n, k_i]) side by side. */
  public static void write(Path file, List<String> header, INDArray... columns) throws IOException {
    OutputFiles.DISK.write(file, content(header, columns));
  }

  /** A header and the rows of {@code columns} (all [n, k_i]) side by side, as file content. */
  public static OutputFiles.Content content(List<String> header, INDArray... columns) {
    long n = columns[0].rows();
    List<double[]> values = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (INDArray c : columns) {
      if (c.rows() != n) {
        throw new IllegalArgumentException("columns differ in length: " + c.rows() + " and " + n);
      }
      values.add(NdArrays.toDoubles(c));
      widths.add((int) c.columns());
    }
    return stream -> {
      BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
      out.write(String.join(",", header));
      out.write('\n');
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < n; i++) {
        line.setLength(0);
        for (int c = 0; c < values.size(); c++) {
          int w = widths.get(c);
          for (int j = 0; j < w; j++) {
            if (line.length() > 0) {
              line.append(',');
            }
            line.append(format(values.get(c)[i * w + j]));
          }
        }
        out.write(line.append('\n').toString());
      }
      out.flush();
    };
  }

  /** The shortest text that reads back to the same double. */
  public static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v).toLowerCase(Locale.ROOT);
  }

  /**
   * Reads points of dimension {@code dim}: one per line, comma-separated; a first line that is not numeric is a
   * header; blank lines are skipped.
   *
   * @throws IllegalArgumentException naming the file and line of a wrong column count or a non-number
   */
  public static INDArray readPoints(Path file, int dim) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (!lines.isEmpty() && lines.get(0).startsWith("\ufeff")) {
      lines.set(0, lines.get(0).substring(1)); // a byte-order mark is not part of the first cell
    }
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (rows.isEmpty() && i == firstNonBlank(lines) && !isNumber(fields[0].strip())) {
        continue;
      }
      if (fields.length != dim) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + dim + " comma-separated numbers,"
            + " got " + fields.length + " fields: '" + line + "'");
      }
      double[] row = new double[dim];
      for (int j = 0; j < dim; j++) {
        String f = fields[j].strip();
        if (!isNumber(f)) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": field " + (j + 1) + " is not a number: '" + f
              + "'");
        }
        row[j] = Double.parseDouble(f);
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": field " + (j + 1) + " is not finite: '" + f
              + "'");
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": holds no points");
    }
    double[] flat = new double[rows.size() * dim];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flat, i * dim, dim);
    }
    return NdArrays.matrix(flat, rows.size(), dim, DataType.DOUBLE);
  }

  private static int firstNonBlank(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return !s.isEmpty() && !s.endsWith("d") && !s.endsWith("f") && !s.endsWith("D") && !s.endsWith("F");
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
