package org.flowmatch.models.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.Normalization;
import org.flowmatch.core.config.Context;
import org.flowmatch.core.config.Key;
import org.flowmatch.core.config.Parameters;

/**
 * Builds the file datasets from their config sections: {@code csv}, {@code npy}, {@code idx} and the built-in
 * {@code digits}. Files may be gzip-compressed (recognised by their first bytes, whatever their name). Column
 * numbers in a config are 0-based, like NumPy's; positions in messages are 1-based, like an editor's.
 */
public final class FileDatasets {
  /** The resource holding the UCI digits (see the README beside it for its source and licence). */
  public static final String DIGITS_RESOURCE = "/org/flowmatch/models/data/digits.csv.gz";

  /**
   * The largest data file (and the most a gzip file may decompress to): files are read into memory whole, and a
   * device such as /dev/zero or a runaway file would otherwise end in an OutOfMemoryError.
   */
  public static final long MAX_FILE_BYTES = 1L << 30;
  /** The most classes a labelled dataset may have: a stray label such as 1e9 would otherwise size the model. */
  public static final int MAX_CLASSES = 10_000;

  private FileDatasets() {}

  /** The keys every file dataset reads. */
  public static List<Key> commonKeys(String normalize) {
    return List.of(
        Key.of("normalize", normalize, "none, standard (mean 0, std 1) or minmax ([-1, 1]) per column, fitted on"
            + " the training rows"),
        Key.of("holdout", 0.1, "fraction of rows held out by the seed (never trained on)"),
        Key.of("classes", "", "the number of classes (default: the largest label + 1)"),
        Key.of("image_shape", "", "[H, W] or [C, H, W] when the rows are images (default: from the file)"));
  }

  public static List<Key> csvKeys() {
    List<Key> keys = new ArrayList<>(List.of(
        Key.required("path", "the CSV file (may be gzipped)"),
        Key.of("header", "detect", "true, false or detect (a first line with a non-number is a header)"),
        Key.of("columns", "", "feature columns, 0-based numbers or header names (default: all but the label and"
            + " condition columns)"),
        Key.of("label_column", "", "the column of integer class labels 0..K-1 (number or name)"),
        Key.of("condition_columns", "", "columns of a real condition vector (numbers or names)")));
    keys.addAll(commonKeys("standard"));
    return keys;
  }

  public static List<Key> npyKeys() {
    List<Key> keys = new ArrayList<>(List.of(
        Key.required("path", "the .npy array (float32, float64 or integers, C order; may be gzipped)"),
        Key.of("labels", "", "a .npy of one integer class label per row")));
    keys.addAll(commonKeys("standard"));
    return keys;
  }

  public static List<Key> idxKeys() {
    List<Key> keys = new ArrayList<>(List.of(
        Key.required("images", "the IDX images (MNIST format, gzipped or not); each image is flattened"),
        Key.of("labels", "", "the IDX labels")));
    keys.addAll(commonKeys("standard"));
    return keys;
  }

  public static List<Key> digitsKeys() {
    List<Key> keys = new ArrayList<>();
    for (Key k : commonKeys("minmax")) {
      if (!k.name().equals("classes")) {
        keys.add(k.name().equals("image_shape") ? Key.of("image_shape", "[8, 8]", k.description()) : k);
      }
    }
    return keys;
  }

  /** {@code data.type: csv}. */
  public static Dataset csv(Parameters p, Context c) {
    String file = p.string("path", "");
    String header = p.string("header", "detect");
    Boolean hasHeader = switch (header) {
      case "detect" -> null;
      case "true" -> true;
      case "false" -> false;
      default -> throw p.invalid("header", "must be true, false or detect");
    };
    Table table = CsvReader.read(file, read(p, "path"), hasHeader);
    return fromTable(p, c, "csv:" + file, table, "standard");
  }

  /** {@code data.type: digits}: the 1797 UCI digits, 8 x 8 grey levels 0..16, labels 0..9. */
  public static Dataset digits(Parameters p, Context c) {
    byte[] bytes;
    try (InputStream in = FileDatasets.class.getResourceAsStream(DIGITS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the digits resource " + DIGITS_RESOURCE + " is missing from the jar");
      }
      bytes = gunzip(DIGITS_RESOURCE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Table table = CsvReader.read("digits.csv.gz", bytes, false);
    int[] features = new int[64];
    Arrays.setAll(features, j -> j);
    Conditions labels = labels(table, 64, 10);
    return build(p, c, "digits", table.select(features), 64, labels, "minmax", new int[] {8, 8},
        table.origin(features));
  }

  /** {@code data.type: npy}. */
  public static Dataset npy(Parameters p, Context c) {
    String file = p.string("path", "");
    Table table = NpyReader.read(file, read(p, "path"));
    Table labels = p.has("labels") ? NpyReader.read(p.string("labels", ""), read(p, "labels")) : null;
    return fromArrays(p, c, "npy:" + file, table, labels);
  }

  /** {@code data.type: idx}. */
  public static Dataset idx(Parameters p, Context c) {
    String file = p.string("images", "");
    Table table = IdxReader.read(file, read(p, "images"));
    Table labels = p.has("labels") ? IdxReader.read(p.string("labels", ""), read(p, "labels")) : null;
    return fromArrays(p, c, "idx:" + file, table, labels);
  }

  private static Dataset fromArrays(Parameters p, Context c, String name, Table table, Table labelTable) {
    Conditions conditions = Conditions.none(table.rows());
    if (labelTable != null) {
      if (labelTable.columns() != 1 || labelTable.rows() != table.rows()) {
        throw new DataFileException(labelTable.file(), "", "holds " + labelTable.rows() + " x "
            + labelTable.columns() + " values; expected one label per row of " + table.file() + " ("
            + table.rows() + ")");
      }
      conditions = labels(labelTable, 0, declaredClasses(p));
    }
    return build(p, c, name, table.values(), table.columns(), conditions, "standard", table.imageShape(),
        table.origin(java.util.stream.IntStream.range(0, table.columns()).toArray()));
  }

  private static Dataset fromTable(Parameters p, Context c, String name, Table table, String normalize) {
    Integer label = p.has("label_column") ? column(p, "label_column", p.string("label_column", ""), table) : null;
    int[] conditionColumns = p.has("condition_columns") ? columns(p, "condition_columns", table) : new int[0];
    if (label != null && conditionColumns.length > 0) {
      throw p.invalid("condition_columns", "cannot be used together with data.label_column: a model is conditioned"
          + " on a class or on a vector");
    }
    Set<Integer> used = new LinkedHashSet<>();
    if (label != null) {
      used.add(label);
    }
    for (int j : conditionColumns) {
      used.add(j);
    }
    int[] features;
    if (p.has("columns")) {
      features = columns(p, "columns", table);
      for (int j : features) {
        if (used.contains(j)) {
          throw p.invalid("columns", "column " + j + " is also the label or a condition column");
        }
      }
    } else {
      features = java.util.stream.IntStream.range(0, table.columns()).filter(j -> !used.contains(j)).toArray();
    }
    if (features.length == 0) {
      throw p.invalid("columns", "leaves no feature column in " + table.file());
    }
    Conditions conditions = Conditions.none(table.rows());
    if (label != null) {
      conditions = labels(table, label, declaredClasses(p));
    } else if (conditionColumns.length > 0) {
      boolean[] present = new boolean[table.rows()];
      Arrays.fill(present, true);
      conditions = Conditions.vectors(table.select(conditionColumns), conditionColumns.length, present);
    }
    return build(p, c, name, table.select(features), features.length, conditions, normalize, null,
        table.origin(features));
  }

  private static Dataset build(Parameters p, Context c, String name, double[] values, int dim,
      Conditions conditions, String normalize, int[] fileImageShape, FileDataset.Origin origin) {
    Normalization.Kind kind;
    try {
      kind = Normalization.Kind.fromConfigName(p.string("normalize", normalize));
    } catch (IllegalArgumentException e) {
      throw p.invalid("normalize", e.getMessage());
    }
    double holdout = p.number("holdout", 0.1);
    if (!(holdout >= 0 && holdout < 1)) {
      throw p.invalid("holdout", "must lie in [0, 1)");
    }
    int[] imageShape = fileImageShape;
    if (p.has("image_shape")) {
      double[] shape = p.numbers("image_shape");
      if (shape.length < 2 || shape.length > 3) {
        throw p.invalid("image_shape", "must be [H, W] or [C, H, W]");
      }
      imageShape = new int[shape.length];
      long pixels = 1;
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] != Math.rint(shape[i]) || shape[i] < 1 || shape[i] > 1 << 20) {
          throw p.invalid("image_shape", "item " + i + " must be a positive whole number");
        }
        imageShape[i] = (int) shape[i];
        pixels *= imageShape[i];
      }
      if (pixels != dim) {
        throw p.invalid("image_shape", "holds " + pixels + " pixels but the rows have " + dim + " features");
      }
    }
    return new FileDataset(name, values, dim, conditions, kind, holdout, c.rng(), imageShape, origin);
  }

  private static Integer declaredClasses(Parameters p) {
    if (!p.has("classes")) {
      return null;
    }
    int k = p.integer("classes", 0);
    if (k < 1 || k > MAX_CLASSES) {
      throw p.invalid("classes", "must lie in 1.." + MAX_CLASSES);
    }
    return k;
  }

  /**
   * Column {@code column} of every row as class labels: whole numbers in 0 .. classes - 1. Without a declared
   * number of classes it is the largest label + 1, and every class must then have a row: a stray label (one 200
   * among digits 0 to 9) would otherwise add classes that no row teaches.
   */
  private static Conditions labels(Table table, int column, Integer classes) {
    int[] labels = new int[table.rows()];
    int max = 0;
    int maxRow = 0;
    for (int i = 0; i < labels.length; i++) {
      double v = table.values()[i * table.columns() + column];
      if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE - 1) {
        throw new DataFileException(table.file(), table.where(i, column), "label " + v
            + " is not a whole number 0, 1, ...");
      }
      if (classes != null && v >= classes) {
        throw new DataFileException(table.file(), table.where(i, column), "label " + (int) v
            + " is out of range: data.classes = " + classes + " allows 0.." + (classes - 1));
      }
      if (v >= MAX_CLASSES) {
        throw new DataFileException(table.file(), table.where(i, column), "label " + (long) v + " is beyond the "
            + MAX_CLASSES + " classes a model can have");
      }
      labels[i] = (int) v;
      if (labels[i] > max) {
        max = labels[i];
        maxRow = i;
      }
    }
    if (classes == null) {
      boolean[] seen = new boolean[max + 1];
      for (int l : labels) {
        seen[l] = true;
      }
      String missing = ranges(seen);
      if (!missing.isEmpty()) {
        throw new DataFileException(table.file(), table.where(maxRow, column), "label " + max + " makes "
            + (max + 1) + " classes, but " + missing + " have no row: correct the label, or declare data.classes"
            + " to keep classes without rows");
      }
    }
    return Conditions.labels(labels, classes != null ? classes : max + 1);
  }

  /** The indices that are false, as ranges: {@code 3, 10..199}. */
  private static String ranges(boolean[] seen) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < seen.length; i++) {
      if (!seen[i]) {
        int j = i;
        while (j + 1 < seen.length && !seen[j + 1]) {
          j++;
        }
        parts.add(i == j ? Integer.toString(i) : i + ".." + j);
        i = j;
      }
    }
    return String.join(", ", parts);
  }

  private static int[] columns(Parameters p, String key, Table table) {
    List<String> refs = new ArrayList<>();
    try {
      for (double v : p.numbers(key)) {
        refs.add(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
      }
    } catch (IllegalArgumentException notNumbers) {
      String text;
      try {
        text = p.string(key, "");
      } catch (IllegalArgumentException notText) {
        throw p.invalid(key, "must be a list of 0-based column numbers, or names separated by commas");
      }
      for (String s : text.split(",")) {
        refs.add(s.trim());
      }
    }
    int[] out = new int[refs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = column(p, key, refs.get(i), table);
    }
    if (Arrays.stream(out).distinct().count() != out.length) {
      throw p.invalid(key, "names a column twice");
    }
    return out;
  }

  /** A column given by header name or 0-based number. */
  private static int column(Parameters p, String key, String ref, Table table) {
    if (table.header() != null) {
      for (int j = 0; j < table.columns(); j++) {
        if (table.header()[j].equals(ref)) {
          return j;
        }
      }
    }
    String number = ref.endsWith(".0") ? ref.substring(0, ref.length() - 2) : ref;
    try {
      int j = Integer.parseInt(number);
      if (j >= 0 && j < table.columns()) {
        return j;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw p.invalid(key, "'" + ref + "' is not a column of " + table.file() + " (0-based numbers 0.."
        + (table.columns() - 1) + (table.header() == null ? "" : " or names " + Arrays.toString(table.header()))
        + ")");
  }

  /**
   * The bytes of the file a key names, decompressed if they are gzip. Only a regular file is read (a pipe would
   * wait for ever, a device never end), and at most {@link #MAX_FILE_BYTES}.
   */
  private static byte[] read(Parameters p, String key) {
    String file = p.string(key, "");
    if (file.isEmpty()) {
      throw p.invalid(key, "is required");
    }
    Path path = Path.of(file);
    try {
      if (!Files.exists(path)) {
        throw p.invalid(key, "no such file");
      }
      if (!Files.isRegularFile(path)) {
        throw p.invalid(key, "is not a regular file (a directory, device or pipe)");
      }
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw p.invalid(key, "is " + size + " bytes; data files are read into memory whole, at most "
            + MAX_FILE_BYTES + " (1 GiB)");
      }
      return gunzip(file, Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw p.invalid(key, "no such file");
    } catch (IOException e) {
      throw p.invalid(key, "cannot be read (" + e.getMessage() + ")");
    } catch (GzipException e) {
      throw p.invalid(key, e.getMessage());
    }
  }

  /** A gzip file that cannot be decompressed (its message says why, without the file's name). */
  private static final class GzipException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    GzipException(String message) {
      super(message);
    }
  }

  private static byte[] gunzip(String file, byte[] bytes) {
    if (bytes.length < 2 || (bytes[0] & 0xFF) != 0x1F || (bytes[1] & 0xFF) != 0x8B) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes((int) MAX_FILE_BYTES + 1);
      if (out.length > MAX_FILE_BYTES) {
        throw new GzipException("decompresses to more than " + MAX_FILE_BYTES + " bytes (1 GiB), the most a data"
            + " file may hold");
      }
      return out;
    } catch (IOException e) {
      throw new GzipException("is a truncated or corrupt gzip file (" + e.getMessage() + ")");
    }
  }
}
