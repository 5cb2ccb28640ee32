package org.flowmatch.models.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.config.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data that reads but cannot be trained on, or would be read wrongly, is refused before training in one line that
 * names the file, the row or column and the key: one row, a constant column, a split that leaves no rows, values a
 * float32 network cannot hold, byte-order marks, duplicate column names, stray labels, files that are not files.
 */
class DataChecksTest {
  @TempDir
  Path dir;

  private static Map<String, Object> section(Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Dataset csv(Object... keyValues) {
    return FileDatasets.csv(new MapParameters(section(keyValues)), Context.of(Rng.seeded(1)));
  }

  private static String csvError(Object... keyValues) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> csv(keyValues));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** n rows of two varying columns, a header {@code x,y}. */
  private static String rows(int n) {
    StringBuilder s = new StringBuilder("x,y\n");
    for (int i = 0; i < n; i++) {
      s.append(i).append(',').append((i * 7) % 11).append('\n');
    }
    return s.toString();
  }

  @Test
  void oneRowAConstantColumnOrASplitThatLeavesTooFewRowsIsRefusedNamingIt() throws IOException {
    Path one = write("one.csv", "a,b\n1,2\n");
    assertEquals(one + ": holds 1 row; training needs at least 2", csvError("path", one.toString()));

    Path constant = write("const.csv", "a,b\n1,5\n2,5\n3,5\n4,5\n");
    assertEquals(constant + ": column 2 (b) holds 5 in every training row; a flow cannot carry a density onto"
        + " a constant: leave the column out with data.columns", csvError("path", constant.toString(), "holdout",
        0.0));

    Path many = write("many.csv", rows(200));
    assertEquals("data.holdout = 0.999: leaves 0 of 200 rows for training; at least 2 are needed",
        csvError("path", many.toString(), "holdout", 0.999));
    assertEquals("data.holdout = 0.002: holds out none of the 200 rows (0.4 rounds to 0): set it to at least"
        + " 0.0025, or to 0 to measure on the training rows", csvError("path", many.toString(), "holdout", 0.002));
    // data.holdout = 0 is one rule: no row is held out, and held-out measurements use the training rows.
    assertEquals(0, csv("path", many.toString(), "holdout", 0.0).heldOut().rows());
  }

  @Test
  void valuesBeyondWhatAFloat32NetworkHoldsAreRefusedNamingTheCell() throws IOException {
    Path big = write("big.csv", "a,b\n1,2\n1e308,3\n2,4\n");
    assertEquals(big + ":line 3, column 1 (a): 1.0E308 is too large to normalize (the spread of the column"
        + " overflows); rescale the column", csvError("path", big.toString(), "holdout", 0.0));

    // 2^64 - 1 in a uint64 array: with data.normalize none it reaches the network as it is.
    ByteBuffer data = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : new long[] {0, 1, 2, 3, -1L, 5}) {
      data.putLong(v);
    }
    Path u64 = Files.write(dir.resolve("u64.npy"), npy("<u8", "(3, 2)", data.array()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileDatasets.npy(
        new MapParameters(section("path", u64.toString(), "normalize", "none", "holdout", 0.0)),
        Context.of(Rng.seeded(1))));
    assertEquals(u64 + ":row 2, column 1: 1.8446744073709552E19 lies beyond ±1e6 in the units the model trains in"
        + " (data.normalize = none), where a float32 network overflows: use data.normalize standard or minmax",
        e.getMessage());
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstCellAndUtf16IsRead() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Path headerless = Files.write(dir.resolve("bom.csv"), concat(bom, "1,2\n3,4\n5,6\n".getBytes(
        StandardCharsets.UTF_8)));
    Dataset d = csv("path", headerless.toString(), "normalize", "none", "holdout", 0.0);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, NdArrays.toDoubles(d.train()), "the first row is data");

    Path labelled = Files.write(dir.resolve("bom-header.csv"), concat(bom, "label,x,y\n0,1,2\n1,3,5\n0,4,4\n"
        .getBytes(StandardCharsets.UTF_8)));
    d = csv("path", labelled.toString(), "label_column", "label", "normalize", "none", "holdout", 0.0);
    assertArrayEquals(new int[] {0, 1, 0}, d.trainConditions().labels());

    Path utf16 = Files.write(dir.resolve("utf16.csv"), "\ufeffx,y\n1,2\n3,5\n".getBytes(StandardCharsets.UTF_16LE));
    d = csv("path", utf16.toString(), "normalize", "none", "holdout", 0.0);
    assertArrayEquals(new double[] {1, 2, 3, 5}, NdArrays.toDoubles(d.train()));
  }

  @Test
  void duplicateNamesStrayLabelsAndTooManyClassesAreRefused() throws IOException {
    Path twice = write("twice.csv", "label,label,x\n0,0,1\n1,1,2\n0,0,3\n");
    assertEquals(twice + ":line 1: columns 1 and 2 are both named 'label'", csvError("path", twice.toString(),
        "label_column", "label"));

    StringBuilder stray = new StringBuilder("x,y,label\n");
    for (int i = 0; i < 40; i++) {
      stray.append(i).append(',').append(i % 7).append(',').append(i == 17 ? 200 : i % 10).append('\n');
    }
    Path strayFile = write("stray.csv", stray.toString());
    assertEquals(strayFile + ":line 19, column 3 (label): label 200 makes 201 classes, but 10..199 have no row:"
        + " correct the label, or declare data.classes to keep classes without rows",
        csvError("path", strayFile.toString(), "label_column", "label"));

    Path huge = write("huge.csv", "x,y,label\n1,2,0\n2,3,1000000000\n3,1,1\n");
    assertEquals(huge + ":line 3, column 3 (label): label 1000000000 is beyond the 10000 classes a model can"
        + " have", csvError("path", huge.toString(), "label_column", "label"));
  }

  @Test
  void aTruncatedGzipAFifoAndAnOversizedFileAreNamed() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
      z.write(rows(500).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = zipped.toByteArray();
    Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    String message = csvError("path", cut.toString());
    assertTrue(message.startsWith("data.path = " + cut + ": is a truncated or corrupt gzip file"), message);

    Path big = dir.resolve("big.npy");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((1L << 30) + 1); // sparse: no disk used
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileDatasets.npy(
        new MapParameters(section("path", big.toString())), Context.of(Rng.seeded(1))));
    assertEquals("data.path = " + big + ": is 1073741825 bytes; data files are read into memory whole, at most"
        + " 1073741824 (1 GiB)", e.getMessage());

    Path fifo = dir.resolve("fifo.csv");
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException noMkfifo) {
      made = false;
    }
    assumeTrue(made, "mkfifo is available");
    try {
      String fifoMessage = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> csvError("path",
          fifo.toString()));
      assertEquals("data.path = " + fifo + ": is not a regular file (a directory, device or pipe)", fifoMessage);
    } finally {
      // A reader that was left waiting on the pipe (before it was refused) gets its end of file.
      new ProcessBuilder("sh", "-c", "exec 3<>'" + fifo + "'; exec 3>&-").start().waitFor();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** A version 1 .npy of raw little-endian data. */
  private static byte[] npy(String descr, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(data);
    return b.array();
  }
}
