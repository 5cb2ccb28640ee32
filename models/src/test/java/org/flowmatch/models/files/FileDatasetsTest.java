package org.flowmatch.models.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Normalization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The file readers on small files written here, their options, and every bad input as one precise line. */
class FileDatasetsTest {
  @TempDir
  Path dir;

  private static Context context() {
    return Context.of(Rng.seeded(42));
  }

  private static Map<String, Object> section(Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  /** All rows, training then held-out, back in file units, sorted by their first entry. */
  private static double[][] fileRows(Dataset d) {
    INDArray all = org.nd4j.linalg.factory.Nd4j.vstack(d.train(), d.heldOut().rows() > 0 ? d.heldOut()
        : d.train().getRows());
    double[][] rows = NdArrays.rows(d.normalization().undo(all));
    java.util.Arrays.sort(rows, (a, b) -> Double.compare(a[0], b[0]));
    return rows;
  }

  @Test
  void csvWithAHeaderSelectsColumnsByNameAndReadsLabels() throws IOException {
    Path f = write("a.csv", "x,y,label,z\n1,10,0,5\n2,20,1,6\n\n3,30,2,7\n4,40,1,8\n");
    Dataset d = FileDatasets.csv(new MapParameters(section("path", f.toString(), "label_column", "label",
        "columns", "x,y", "normalize", "none", "holdout", 0.0)), context());
    assertEquals(2, d.dim());
    assertEquals(Conditioning.classes(3), d.conditioning());
    assertArrayEquals(new double[] {1, 10, 2, 20, 3, 30, 4, 40}, NdArrays.toDoubles(d.train()));
    assertArrayEquals(new int[] {0, 1, 2, 1}, d.trainConditions().labels());
    // Without columns, every column but the label is a feature.
    Dataset all = FileDatasets.csv(new MapParameters(section("path", f.toString(), "label_column", 2,
        "normalize", "none", "holdout", 0.0)), context());
    assertArrayEquals(new double[] {1, 10, 5}, NdArrays.rows(all.train())[0]);
  }

  @Test
  void csvWithoutHeaderIsDetectedAndGzipIsRecognisedByItsBytes() throws IOException {
    String text = "0.5,1.5\n-1,2\n3e0,-4.25\n";
    Path plain = write("b.csv", text);
    Path zipped = write("b.csv.gz", gzip(text.getBytes(StandardCharsets.UTF_8)));
    for (Path f : List.of(plain, zipped)) {
      Dataset d = FileDatasets.csv(new MapParameters(section("path", f.toString(), "normalize", "none",
          "holdout", 0.0)), context());
      assertArrayEquals(new double[] {0.5, 1.5, -1, 2, 3, -4.25}, NdArrays.toDoubles(d.train()), f.toString());
      assertEquals(Conditioning.NONE, d.conditioning());
    }
    // header: false reads a first line of names as data and fails on it; header: true skips a numeric first line.
    Dataset skip = FileDatasets.csv(new MapParameters(section("path", plain.toString(), "header", "true",
        "normalize", "none", "holdout", 0.0)), context());
    assertEquals(2, skip.train().rows());
  }

  @Test
  void conditionColumnsGiveConditionVectors() throws IOException {
    Path f = write("c.csv", "a,b,c1,c2\n1,2,0.5,-1\n3,4,0.25,2\n");
    Dataset d = FileDatasets.csv(new MapParameters(section("path", f.toString(), "condition_columns",
        List.of(2, 3), "normalize", "none", "holdout", 0.0)), context());
    assertEquals(Conditioning.vectors(2), d.conditioning());
    assertArrayEquals(new double[] {0.25, 2}, d.trainConditions().vector(1));
    assertArrayEquals(new double[] {3, 4}, NdArrays.rows(d.train())[1]);
  }

  @Test
  void standardAndMinmaxNormalizationAreFittedOnTheTrainingRowsAndUndone() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      b.append(i).append(',').append(3 * i * i - 7).append('\n');
    }
    Path f = write("n.csv", b.toString());
    for (String kind : List.of("standard", "minmax")) {
      Dataset d = FileDatasets.csv(new MapParameters(section("path", f.toString(), "normalize", kind,
          "holdout", 0.2)), context());
      assertEquals(40, d.train().rows());
      assertEquals(10, d.heldOut().rows());
      double[][] train = NdArrays.rows(d.train());
      for (int j = 0; j < 2; j++) {
        double sum = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] r : train) {
          sum += r[j];
          squares += r[j] * r[j];
          min = Math.min(min, r[j]);
          max = Math.max(max, r[j]);
        }
        if (kind.equals("standard")) {
          assertEquals(0, sum / 40, 1e-12);
          assertEquals(1, squares / 40, 1e-12);
        } else {
          assertEquals(-1, min, 1e-12);
          assertEquals(1, max, 1e-12);
        }
      }
      double[][] back = fileRows(d);
      for (int i = 0; i < 50; i++) {
        assertEquals(i, back[i][0], 1e-9);
        assertEquals(3 * i * i - 7, back[i][1], 1e-9);
      }
      assertEquals(d.normalization(), Normalization.parse(d.normalization().toString()));
    }
  }

  @Test
  void theHoldoutSplitIsFixedByTheSeedAndDisjoint() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      b.append(i).append('\n');
    }
    Path f = write("h.csv", b.toString());
    Map<String, Object> s = section("path", f.toString(), "normalize", "none");
    Dataset one = FileDatasets.csv(new MapParameters(s), Context.of(Rng.seeded(1)));
    Dataset again = FileDatasets.csv(new MapParameters(s), Context.of(Rng.seeded(1)));
    Dataset other = FileDatasets.csv(new MapParameters(s), Context.of(Rng.seeded(2)));
    assertEquals(10, one.heldOut().rows());
    assertArrayEquals(NdArrays.toDoubles(one.heldOut()), NdArrays.toDoubles(again.heldOut()));
    assertFalse(java.util.Arrays.equals(NdArrays.toDoubles(one.heldOut()), NdArrays.toDoubles(other.heldOut())));
    java.util.Set<Double> train = new java.util.HashSet<>();
    for (double v : NdArrays.toDoubles(one.train())) {
      train.add(v);
    }
    for (double v : NdArrays.toDoubles(one.heldOut())) {
      assertFalse(train.contains(v), "held-out row " + v + " is also a training row");
    }
    // Batches are drawn from the training rows only.
    for (double v : NdArrays.toDoubles(one.sample(500, Rng.seeded(3)))) {
      assertTrue(train.contains(v));
    }
  }

  /** An .npy file of the given dtype descriptor holding {@code values} with {@code shape}. */
  private static byte[] npy(String descr, String shape, double[] values, int version) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int pre = version == 1 ? 10 : 12;
    int total = pre + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    char kind = descr.charAt(1);
    int size = Integer.parseInt(descr.substring(2));
    ByteBuffer buf = ByteBuffer.allocate(pre + header.length() + values.length * size)
        .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    ByteBuffer le = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    if (version == 1) {
      le.putShort((short) header.length());
      buf.put(le.array(), 0, 2);
    } else {
      le.putInt(header.length());
      buf.put(le.array(), 0, 4);
    }
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : values) {
      switch (kind) {
        case 'f' -> {
          if (size == 4) {
            buf.putFloat((float) v);
          } else {
            buf.putDouble(v);
          }
        }
        default -> {
          switch (size) {
            case 1 -> buf.put((byte) v);
            case 2 -> buf.putShort((short) v);
            case 4 -> buf.putInt((int) v);
            default -> buf.putLong((long) v);
          }
        }
      }
    }
    return buf.array();
  }

  @Test
  void npyOfEveryDtypeReadsTheSameNumbers() throws IOException {
    double[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    for (String descr : List.of("<f4", "<f8", ">f8", ">f4", "<i4", "<i8", "|i1", "<i2", "|u1", "<u2", "<u4")) {
      Path f = write("a" + descr.substring(1) + descr.charAt(0) + ".npy", npy(descr, "(6, 2)", values,
          descr.equals("<i8") ? 2 : 1));
      Dataset d = FileDatasets.npy(new MapParameters(section("path", f.toString(), "normalize", "none",
          "holdout", 0.0)), context());
      assertArrayEquals(values, NdArrays.toDoubles(d.train()), descr);
    }
    // Images (n, h, w) are flattened and keep their shape; labels come from a second .npy.
    Path images = write("img.npy", npy("<f4", "(3, 2, 2)", values, 1));
    Path labels = write("lab.npy", npy("<i8", "(3,)", new double[] {2, 0, 1}, 1));
    Dataset d = FileDatasets.npy(new MapParameters(section("path", images.toString(), "labels",
        labels.toString(), "normalize", "none", "holdout", 0.0)), context());
    assertEquals(4, d.dim());
    assertArrayEquals(new int[] {2, 2}, d.imageShape().orElseThrow());
    assertArrayEquals(new int[] {2, 0, 1}, d.trainConditions().labels());
    // Negative integers are read as signed.
    Path neg = write("neg.npy", npy("<i2", "(2,)", new double[] {-3, 7}, 1));
    assertArrayEquals(new double[] {-3, 7}, NdArrays.toDoubles(FileDatasets.npy(new MapParameters(section("path",
        neg.toString(), "normalize", "none", "holdout", 0.0)), context()).train()));
  }

  /** An IDX file of unsigned bytes with the given dimensions. */
  private static byte[] idx(int[] dims, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
    b.put(new byte[] {0, 0, 0x08, (byte) dims.length});
    for (int d : dims) {
      b.putInt(d);
    }
    for (int v : values) {
      b.put((byte) v);
    }
    return b.array();
  }

  @Test
  void idxImagesAndLabelsGzippedOrNot() throws IOException {
    int[] pixels = {0, 255, 128, 7, 1, 2, 3, 4, 200, 100, 50, 25};
    byte[] images = idx(new int[] {3, 2, 2}, pixels);
    byte[] labels = idx(new int[] {3}, new int[] {9, 0, 4});
    for (boolean zipped : new boolean[] {false, true}) {
      Path fi = write("images" + zipped, zipped ? gzip(images) : images);
      Path fl = write("labels" + zipped, zipped ? gzip(labels) : labels);
      Dataset d = FileDatasets.idx(new MapParameters(section("images", fi.toString(), "labels", fl.toString(),
          "normalize", "none", "holdout", 0.0, "classes", 10)), context());
      double[] expected = java.util.Arrays.stream(pixels).asDoubleStream().toArray();
      assertArrayEquals(expected, NdArrays.toDoubles(d.train()));
      assertArrayEquals(new int[] {2, 2}, d.imageShape().orElseThrow());
      assertEquals(Conditioning.classes(10), d.conditioning());
      assertArrayEquals(new int[] {9, 0, 4}, d.trainConditions().labels());
    }
  }

  @Test
  void digitsIsBuiltIn() {
    Dataset d = FileDatasets.digits(new MapParameters(section()), context());
    assertEquals(64, d.dim());
    assertEquals(Conditioning.classes(10), d.conditioning());
    assertEquals(1797, d.train().rows() + d.heldOut().rows());
    assertEquals(180, d.heldOut().rows());
    assertArrayEquals(new int[] {8, 8}, d.imageShape().orElseThrow());
    assertEquals(Normalization.Kind.MINMAX, d.normalization().kind());
    double[] first = NdArrays.toDoubles(d.normalization().undo(d.train().getRows(0)));
    for (double v : first) {
      assertTrue(Math.abs(v - Math.rint(v)) < 1e-9 && v >= 0 && v <= 16, "grey level " + v);
    }
    // Every class is present in the training rows.
    int[] count = new int[10];
    for (int l : d.trainConditions().labels()) {
      count[l]++;
    }
    for (int c = 0; c < 10; c++) {
      assertTrue(count[c] > 140, "class " + c + ": " + count[c]);
    }
  }

  private String error(Map<String, Object> s, String type) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
      switch (type) {
        case "csv" -> FileDatasets.csv(new MapParameters(s), context());
        case "npy" -> FileDatasets.npy(new MapParameters(s), context());
        default -> FileDatasets.idx(new MapParameters(s), context());
      }
    });
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void badFilesAreOneLineNamingFileLineAndColumn() throws IOException {
    String missing = dir.resolve("missing.csv").toString();
    assertEquals("data.path = " + missing + ": no such file", error(section("path", missing), "csv"));
    Path ragged = write("ragged.csv", "1,2\n3,4\n5\n");
    assertEquals(ragged + ":line 3: has 1 cells, expected 2 (as on the first line)",
        error(section("path", ragged.toString()), "csv"));
    Path text = write("text.csv", "a,b\n1,2\n3,x\n");
    assertEquals(text + ":line 3, column 2 (b): 'x' is not a number", error(section("path", text.toString()), "csv"));
    Path nan = write("nan.csv", "1,2\nNaN,4\n");
    assertEquals(nan + ":line 2, column 1: 'NaN' is not finite", error(section("path", nan.toString()), "csv"));
    Path inf = write("inf.csv", "1,2\n3,-Infinity\n");
    assertEquals(inf + ":line 2, column 2: '-Infinity' is not finite", error(section("path", inf.toString()), "csv"));
    Path empty = write("empty.csv", "");
    assertEquals(empty + ": is empty", error(section("path", empty.toString()), "csv"));
    Path onlyHeader = write("header.csv", "a,b\n");
    assertEquals(onlyHeader + ": has a header but no rows", error(section("path", onlyHeader.toString()), "csv"));
    Path fraction = write("frac.csv", "x,label\n1,0\n2,1.5\n");
    assertEquals(fraction + ":line 3, column 2 (label): label 1.5 is not a whole number 0, 1, ...",
        error(section("path", fraction.toString(), "label_column", "label"), "csv"));
    Path negative = write("neg.csv", "1,0\n2,-1\n");
    assertEquals(negative + ":line 2, column 2: label -1.0 is not a whole number 0, 1, ...",
        error(section("path", negative.toString(), "label_column", 1), "csv"));
    Path range = write("range.csv", "1,0\n2,3\n");
    assertEquals(range + ":line 2, column 2: label 3 is out of range: data.classes = 3 allows 0..2",
        error(section("path", range.toString(), "label_column", 1, "classes", 3), "csv"));
    assertTrue(error(section("path", range.toString(), "label_column", "nope"), "csv")
        .startsWith("data.label_column = nope: 'nope' is not a column of"));

    Path badMagic = write("bad.idx", new byte[] {1, 0, 8, 1, 0, 0, 0, 1, 5});
    assertEquals(badMagic + ":byte 0: is not an IDX file (its magic number does not start with two zero bytes)",
        error(section("images", badMagic.toString()), "idx"));
    byte[] shortIdx = idx(new int[] {3, 2, 2}, new int[11]);
    Path truncated = write("short.idx", gzip(shortIdx));
    assertEquals(truncated + ":byte 16: holds 11 bytes of data but its dimensions [3, 2, 2] need 12",
        error(section("images", truncated.toString()), "idx"));
    Path images = write("ok.idx", idx(new int[] {2, 1, 1}, new int[] {1, 2}));
    Path fewLabels = write("few.idx", idx(new int[] {1}, new int[] {1}));
    assertEquals(fewLabels + ": holds 1 x 1 values; expected one label per row of " + images + " (2)",
        error(section("images", images.toString(), "labels", fewLabels.toString()), "idx"));

    byte[] npy = npy("<f8", "(2, 2)", new double[] {1, 2, 3, 4}, 1);
    Path cut = write("cut.npy", java.util.Arrays.copyOf(npy, npy.length - 8));
    assertEquals(cut + ":byte 128: holds 24 bytes of data but shape [2, 2] of 8-byte values needs 32",
        error(section("path", cut.toString()), "npy"));
    Path npyNan = write("nan.npy", npy("<f4", "(2, 2)", new double[] {1, 2, Double.NaN, 4}, 1));
    assertEquals(npyNan + ":row 1, column 1: holds NaN, which is not finite",
        error(section("path", npyNan.toString()), "npy"));
    Path notNpy = write("not.npy", "hello, world".getBytes(StandardCharsets.UTF_8));
    assertEquals(notNpy + ":byte 0: is not a .npy file (no \\x93NUMPY magic)",
        error(section("path", notNpy.toString()), "npy"));
  }

  @Test
  void drawsAreIndexSamplesOfTheTrainingRowsWithTheirConditions() throws IOException {
    Path f = write("d.csv", "1,0\n2,1\n3,0\n4,1\n5,2\n");
    Dataset d = FileDatasets.csv(new MapParameters(section("path", f.toString(), "label_column", 1,
        "normalize", "none", "holdout", 0.0)), context());
    var s = d.sampleWithConditions(200, Rng.seeded(8));
    assertArrayEquals(NdArrays.toDoubles(d.sample(200, Rng.seeded(8))), NdArrays.toDoubles(s.x()));
    double[] x = NdArrays.toDoubles(s.x());
    int[] expectedLabel = {0, 1, 0, 1, 2};
    for (int i = 0; i < 200; i++) {
      assertEquals(expectedLabel[(int) x[i] - 1], s.conditions().label(i));
    }
    assertEquals(Conditions.NONE, s.conditions().drop(new boolean[200]).drop(allTrue(200)).label(0));
  }

  private static boolean[] allTrue(int n) {
    boolean[] b = new boolean[n];
    java.util.Arrays.fill(b, true);
    return b;
  }
}
