package org.flowmatch.models.files;

import java.util.Arrays;

/**
 * The numbers of a data file as read: {@code rows} rows of {@code columns} numbers in row-major order, the column
 * names of a CSV header (or null), the shape of each row when the file holds images (or null), and the line of
 * each row in a text file (or null), for messages.
 */
record Table(String file, double[] values, int rows, int columns, String[] header, int[] imageShape, int[] lines) {

  /** Where row i is, for messages: its line in a text file, its index in a binary one. */
  String where(int row, int column) {
    String name = header == null ? "" : " (" + header[column] + ")";
    return lines == null ? "row " + row + ", column " + (column + 1) + name
        : "line " + lines[row] + ", column " + (column + 1) + name;
  }

  Table {
    if (values.length != (long) rows * columns) {
      throw new IllegalStateException(values.length + " values for " + rows + " x " + columns);
    }
  }

  /** Where the values of the given columns (in this order) came from, for a dataset's messages. */
  FileDataset.Origin origin(int[] selected) {
    Table table = this;
    return new FileDataset.Origin() {
      @Override
      public String cell(int row, int column) {
        return file + ":" + table.where(row, selected[column]);
      }

      @Override
      public String column(int column) {
        int j = selected[column];
        return file + ": column " + (j + 1) + (header == null ? "" : " (" + header[j] + ")");
      }

      @Override
      public String row(int row) {
        return file + ":" + (lines == null ? "row " + row : "line " + lines[row]);
      }

      @Override
      public String file() {
        return file;
      }
    };
  }

  /** Column {@code j} of every row. */
  double[] column(int j) {
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = values[i * columns + j];
    }
    return out;
  }

  /** The given columns of every row, row-major. */
  double[] select(int[] columns) {
    double[] out = new double[rows * columns.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < columns.length; j++) {
        out[i * columns.length + j] = values[i * this.columns + columns[j]];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return file + ": " + rows + " x " + columns + (header == null ? "" : " " + Arrays.toString(header));
  }
}
