package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flowmatch.experiments.run.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code result.json} of a study's cell, for every reader of a study (a run, a shard, --collect, the
 * discrete study). A result that cannot be read (empty, or truncated by a crash or a full disk before results were
 * written atomically, or edited by hand) counts as not written: the cell is pending, runs again, and a warning names
 * the file, once per process. It once stopped the whole study with a NullPointerException.
 */
final class CellResults {
  private static final Logger LOG = LoggerFactory.getLogger(CellResults.class);
  private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

  private CellResults() {}

  /** The cell's result, or null when it has none that can be read. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    String why;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Object parsed = text.isBlank() ? null : Json.read(text);
      if (parsed instanceof Map<?, ?> map && map.get("status") instanceof String) {
        return new LinkedHashMap<>((Map<String, Object>) map);
      }
      why = text.isBlank() ? "empty" : "not a cell result";
    } catch (IOException | RuntimeException | StackOverflowError e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      why = m.lines().findFirst().orElse(m).strip();
    }
    if (WARNED.add(file.toAbsolutePath())) {
      LOG.warn("{}: unreadable ({}); the cell counts as not run and runs again", file, why);
    }
    return null;
  }
}
