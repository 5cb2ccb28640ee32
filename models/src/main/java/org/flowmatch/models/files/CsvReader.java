package org.flowmatch.models.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a numeric CSV file (comma-separated, optionally gzip-compressed): an optional header line of column
 * names, then one row per line, every cell a finite number. Blank lines are skipped; cells are trimmed; quotes
 * around a header name are dropped. A header is detected when the first line holds a cell that is not a number,
 * unless the caller says whether there is one.
 */
final class CsvReader {
  private CsvReader() {}

  /**
   * Reads the (decompressed) bytes of a CSV file: UTF-8, or UTF-16 when a byte-order mark says so; a byte-order
   * mark is never part of the first cell (it once made a header-less file's first row a header, and a header's
   * first name '\ufefflabel').
   *
   * @param file the name used in messages
   * @param bytes the (decompressed) contents
   * @param header true or false, or null to detect
   */
  static Table read(String file, byte[] bytes, Boolean header) {
    int skip = 0;
    java.nio.charset.Charset charset = StandardCharsets.UTF_8;
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      skip = 3;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      skip = 2;
      charset = StandardCharsets.UTF_16BE;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      skip = 2;
      charset = StandardCharsets.UTF_16LE;
    } else {
      for (int i = 0; i < Math.min(bytes.length, 4096); i++) {
        if (bytes[i] == 0) {
          throw new DataFileException(file, "byte " + i, "is a NUL byte: not a text CSV (UTF-16 without a byte-order"
              + " mark?); save it as UTF-8");
        }
      }
    }
    return read(file, new java.io.ByteArrayInputStream(bytes, skip, bytes.length - skip), charset, header);
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static Table read(String file, InputStream in, java.nio.charset.Charset charset, Boolean header) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    String[] names = null;
    int columns = -1;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset))) {
      String line;
      int number = 0;
      boolean first = true;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (first) {
          first = false;
          boolean isHeader = header != null ? header : !allNumbers(cells);
          columns = cells.length;
          if (isHeader) {
            names = new String[cells.length];
            for (int j = 0; j < cells.length; j++) {
              names[j] = cells[j].trim().replaceAll("^\"|\"$", "");
              for (int k = 0; k < j; k++) {
                if (names[k].equals(names[j])) {
                  throw new DataFileException(file, "line " + number, "columns " + (k + 1) + " and " + (j + 1)
                      + " are both named '" + names[j] + "'");
                }
              }
            }
            continue;
          }
        }
        if (cells.length != columns) {
          throw new DataFileException(file, "line " + number, "has " + cells.length + " cells, expected "
              + columns + " (as on the first line)");
        }
        double[] row = new double[columns];
        for (int j = 0; j < columns; j++) {
          row[j] = parse(file, number, j, names, cells[j]);
        }
        rows.add(row);
        lines.add(number);
      }
    } catch (IOException e) {
      throw new DataFileException(file, "", "cannot be read (" + e.getMessage() + ")");
    }
    if (rows.isEmpty()) {
      throw new DataFileException(file, "", names == null ? "is empty" : "has a header but no rows");
    }
    double[] values = new double[rows.size() * columns];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, values, i * columns, columns);
    }
    return new Table(file, values, rows.size(), columns, names, null,
        lines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static double parse(String file, int line, int column, String[] names, String cell) {
    String where = "line " + line + ", column " + (column + 1) + (names == null ? "" : " (" + names[column] + ")");
    String s = cell.trim();
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new DataFileException(file, where, "'" + s + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new DataFileException(file, where, "'" + s + "' is not finite");
    }
    return v;
  }

  private static boolean allNumbers(String[] cells) {
    for (String c : cells) {
      try {
        Double.parseDouble(c.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
