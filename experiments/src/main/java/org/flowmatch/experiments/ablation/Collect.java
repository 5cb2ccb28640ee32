package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What {@code ablate --collect} prints and its exit code: 0 when every cell finished ok, 1 otherwise. */
public final class Collect {
  private Collect() {}

  /**
   * Prints the counts, the digest of the results' values ({@link #valuesDigest}), the missing cells (one line) and
   * the study directory; returns the exit code.
   */
  public static int report(Study.Collected c, Path dir, PrintStream out) throws IOException {
    out.printf(Locale.ROOT, "collected %d of %d cells: %d ok, %d failed, %d missing%n", c.cells() - c.missing().size(),
        c.cells(), c.ok(), c.failed(), c.missing().size());
    out.println("results.csv values sha256 " + valuesDigest(dir.resolve("results.csv")).substring(0, 16)
        + " (all but the wall-time columns: equal digests, equal results)");
    if (!c.missing().isEmpty()) {
      out.println("missing cells (rerun their shards): " + String.join(" ", c.missing()));
    }
    out.println(dir);
    return c.missing().isEmpty() && c.failed() == 0 ? 0 : 1;
  }

  /**
   * The rows of a results.csv without its wall-time columns (every column whose name ends in {@code _s}:
   * {@code train_s}, {@code sample_s}, {@code cell_time_s}...), which differ from run to run: the part of the file
   * that the same grid reproduces exactly, however it was run (locally, in shards, on Spark).
   */
  public static List<String> deterministicRows(Path csv) throws IOException {
    List<String> rows = new ArrayList<>();
    List<Integer> keep = null;
    for (String line : Files.readAllLines(csv)) {
      List<String> fields = fields(line);
      if (keep == null) {
        keep = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
          if (!fields.get(i).endsWith("_s")) {
            keep.add(i);
          }
        }
      }
      List<String> kept = new ArrayList<>();
      for (int i : keep) {
        kept.add(i < fields.size() ? fields.get(i) : "");
      }
      rows.add(String.join(",", kept));
    }
    return rows;
  }

  /** SHA-256 of {@link #deterministicRows}: one string to compare two runs of a grid by. */
  public static String valuesDigest(Path csv) throws IOException {
    return Grid.hash(String.join("\n", deterministicRows(csv)) + "\n");
  }

  /** The fields of one CSV line as Tables writes it (fields with commas or quotes are quoted). */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        fields.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    fields.add(f.toString());
    return fields;
  }
}
