package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code manifest.json} through its life, the one record both families keep (the continuous
 * {@link Runner} and the discrete runner): what ran it and when, where and with what, its status ({@code running},
 * {@code interrupted}, {@code finished} or {@code failed}, with the error), the time of each phase and the results.
 * Rewritten whole at every change, so a run that stops anywhere says how far it got.
 */
public final class RunRecord {
  public static final String RUNNING = "running";
  public static final String INTERRUPTED = "interrupted";
  public static final String FINISHED = "finished";
  public static final String FAILED = "failed";

  private final RunDirectory run;
  private final Map<String, Object> manifest;
  private final Map<String, Object> phases;
  private final Map<String, Object> results;

  private RunRecord(RunDirectory run, Map<String, Object> manifest, Map<String, Object> phases,
      Map<String, Object> results) {
    this.run = run;
    this.manifest = manifest;
    this.phases = phases;
    this.results = results;
  }

  /**
   * The record of a new run: its command, then {@code head} (the seed; the family of a discrete run), the start
   * time, status running, the phases and results to come, the environment and the git state. Not yet written.
   */
  public static RunRecord start(RunDirectory run, String command, Map<String, Object> head) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("command", command);
    manifest.putAll(head);
    manifest.put("started", Instant.now().toString());
    manifest.put("status", RUNNING);
    Map<String, Object> phases = new LinkedHashMap<>();
    Map<String, Object> results = new LinkedHashMap<>();
    manifest.put("phases_s", phases);
    manifest.put("results", results);
    manifest.put("environment", Provenance.environment());
    manifest.put("git", Provenance.git(Path.of("").toAbsolutePath()));
    return new RunRecord(run, manifest, phases, results);
  }

  /**
   * The record of an interrupted or failed run that {@code command} continues, as its manifest has it: what made
   * the run (command, start, environment, git) and the time trained so far are kept, and the resumption is listed
   * under {@code resumed} ({@link #resumedFrom}). Nothing is written yet.
   *
   * @throws IllegalArgumentException when the run finished (a resumption would rewrite what it recorded), or its
   *     manifest is missing or unreadable (nothing then says how far it got or what made it)
   */
  @SuppressWarnings("unchecked")
  public static RunRecord resume(RunDirectory run, String command) {
    Path file = run.resolve(RunDirectory.MANIFEST);
    Map<String, Object> manifest;
    try {
      Object parsed = Json.read(Files.readString(file, StandardCharsets.UTF_8));
      if (!(parsed instanceof Map<?, ?> map) || !(map.get("status") instanceof String)) {
        throw new IllegalArgumentException("it holds no manifest with a status");
      }
      manifest = new LinkedHashMap<>((Map<String, Object>) map);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file; --resume needs the manifest of the run, which says"
          + " how far it got and what made it: start a new run with 'flowmatch train CONFIG'");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": cannot be read (" + message(e) + "); --resume needs the manifest"
          + " of the run, which says how far it got and what made it: start a new run with 'flowmatch train"
          + " CONFIG'");
    }
    Object status = manifest.get("status");
    if (FINISHED.equals(status)) {
      throw new IllegalArgumentException(run + ": the run finished (manifest.json status 'finished'); --resume"
          + " continues only an interrupted or failed run: 'flowmatch evaluate RUN' measures it again, 'flowmatch"
          + " reproduce RUN' reruns it into a new directory");
    }
    Map<String, Object> phases = new LinkedHashMap<>(map(manifest.get("phases_s")));
    Map<String, Object> results = new LinkedHashMap<>(map(manifest.get("results")));
    manifest.put("phases_s", phases);
    manifest.put("results", results);
    List<Object> resumed = new ArrayList<>(manifest.get("resumed") instanceof List<?> l ? l : List.of());
    manifest.put("resumed", resumed);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("command", command);
    entry.put("started", Instant.now().toString());
    entry.put("status_before", status);
    resumed.add(entry);
    manifest.put("status", RUNNING);
    manifest.remove("error");
    manifest.remove("finished");
    manifest.remove("sha256");
    return new RunRecord(run, manifest, phases, results);
  }

  private static Map<String, Object> map(Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }

  /** Records the training step a resumed run continues from. */
  @SuppressWarnings("unchecked")
  public void resumedFrom(int step) {
    List<Object> resumed = (List<Object>) manifest.get("resumed");
    ((Map<String, Object>) resumed.get(resumed.size() - 1)).put("from_step", step);
  }

  /** Whether this record continues an earlier run (it then has its config and files already). */
  public boolean resumed() {
    return manifest.containsKey("resumed");
  }

  /**
   * Adds {@code seconds} to the time of {@code phase}: a resumed run's training time is the sum of its sessions'.
   */
  public void addPhase(String phase, double seconds) {
    double before = phases.get(phase) instanceof Number n ? n.doubleValue() : 0;
    phases.put(phase, Math.round((before + seconds) * 1000) / 1000.0);
  }

  public RunDirectory directory() {
    return run;
  }

  /** The seconds of each phase so far ({@code train}, {@code evaluate}, ...), written with the manifest. */
  public Map<String, Object> phases() {
    return phases;
  }

  /** The results so far, written with the manifest. */
  public Map<String, Object> results() {
    return results;
  }

  /** Sets a top-level entry of the manifest (written at the next {@link #write}). */
  public void put(String key, Object value) {
    manifest.put(key, value);
  }

  public Object get(String key) {
    return manifest.get(key);
  }

  /** Writes the manifest as it stands. */
  public void write() throws IOException {
    run.write(RunDirectory.MANIFEST, Json.write(manifest));
  }

  /** Ends the run with {@code status} (finished or interrupted) and its end time, and writes the manifest. */
  public void end(String status) throws IOException {
    manifest.put("status", status);
    manifest.put("finished", Instant.now().toString());
    write();
  }

  /**
   * Runs the run's work; when it throws anything, marks the run failed with the error's message and throws a
   * {@link RunFailedException} that names the run directory.
   */
  public void guard(Work work) {
    try {
      work.run();
    } catch (RunFailedException e) {
      throw e;
    } catch (Exception | Error e) {
      throw failed(e);
    }
  }

  /** Marks the run failed with {@code cause}'s message; returns the exception to throw. */
  public RunFailedException failed(Throwable cause) {
    String message = message(cause);
    manifest.put("status", FAILED);
    manifest.put("finished", Instant.now().toString());
    manifest.put("error", message);
    manifest.remove("sha256"); // a failed run vouches for no file
    try {
      write();
    } catch (IOException | RuntimeException e) {
      return new RunFailedException(message + "; run " + run + " could not be marked failed (" + message(e) + ")",
          cause);
    }
    return new RunFailedException(message + "; run " + run + " marked failed", cause);
  }

  /** An error's one line: its message, or its class when it has none. */
  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  /** A run's work. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }
}
