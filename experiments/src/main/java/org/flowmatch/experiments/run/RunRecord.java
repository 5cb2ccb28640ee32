package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
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
