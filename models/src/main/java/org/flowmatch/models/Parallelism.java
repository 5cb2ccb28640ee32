package org.flowmatch.models;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Work split into a fixed number of independent parts, run on this process's worker threads: how networks and
 * optimisers use several cores while every ND4J op inside stays single-threaded.
 *
 * <p>Why not ND4J's own threads: OpenBLAS's and libnd4j's OpenMP threads spin while waiting for work, and on a
 * two-core machine two spinning pools starve each other (docs/performance.md measures it). Splitting a batch into
 * row blocks that each run the whole layer sequence keeps both cores busy with no hand-offs between pools. The parts
 * and the order in which their results are combined depend only on the thread count, so results are reproducible
 * for a given {@link #threads()}.
 */
public final class Parallelism {
  /** The system property that sets the thread count (default: the available processors). */
  public static final String PROPERTY = "flowmatch.threads";
  private static final Parallelism DEFAULT = new Parallelism(configured());

  private final int threads;
  private final ExecutorService workers;

  private Parallelism(int threads) {
    this.threads = threads;
    this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "flowmatch-worker");
      t.setDaemon(true);
      return t;
    });
  }

  /** An instance with its own {@code threads} (tests, benchmarks); most code uses {@link #shared()}. */
  public static Parallelism of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    return new Parallelism(threads);
  }

  /** The process-wide instance. */
  public static Parallelism shared() {
    return DEFAULT;
  }

  private static int configured() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive whole number, got '" + value + "'");
    }
  }

  public int threads() {
    return threads;
  }

  /** How many parts of at least {@code minPart} items each {@code items} can be split into. */
  public int parts(long items, long minPart) {
    return (int) Math.max(1, Math.min(threads, items / minPart));
  }

  /** Runs {@code task.accept(i)} for i in [0, parts): part 0 on this thread, the others on the workers. */
  public void run(int parts, IntConsumer task) {
    if (parts == 1) {
      task.accept(0);
      return;
    }
    List<Future<?>> pending = new ArrayList<>(parts - 1);
    for (int i = 1; i < parts; i++) {
      int part = i;
      pending.add(workers.submit(() -> task.accept(part)));
    }
    RuntimeException failure = null;
    try {
      task.accept(0);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for worker threads", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The first index of part {@code i} when {@code items} are split into {@code parts} near-equal parts. */
  public static long start(long items, int parts, int i) {
    return items * i / parts;
  }
}
