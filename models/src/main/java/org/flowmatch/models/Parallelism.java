package org.flowmatch.models;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
  /**
   * How long an idle worker spins before it parks. A training step of the 3 x 64 network runs two parallel sections
   * about 100 microseconds apart; waking a parked thread costs tens of microseconds, a lost time slice far more,
   * so the workers stay awake across a step, as OpenMP's and PyTorch's threads do, and park when work stops.
   */
  static final long SPIN_NANOS = 500_000;
  private static final Parallelism DEFAULT = new Parallelism(configured());

  private final int threads;
  private final Worker[] workers;
  /**
   * Set by the one caller whose parts run on the workers; a concurrent or nested caller runs its parts itself
   * (not a reentrant lock: a part that calls {@link #run} must not post to the workers running its siblings).
   */
  private final AtomicBoolean busy = new AtomicBoolean();

  private Parallelism(int threads) {
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker();
      Thread t = new Thread(workers[i], "flowmatch-worker-" + (i + 1));
      t.setDaemon(true);
      workers[i].thread = t;
      t.start();
    }
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

  /**
   * Runs {@code task.accept(i)} for i in [0, parts): part 0 on this thread, the others on the workers. A caller
   * that finds the workers busy (another thread's section, or a section nested in a part) runs every part itself,
   * in order: the same parts, so the same results.
   */
  public void run(int parts, IntConsumer task) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be positive, got " + parts);
    }
    if (parts == 1 || parts > threads || !busy.compareAndSet(false, true)) {
      for (int i = 0; i < parts; i++) {
        task.accept(i);
      }
      return;
    }
    try {
      for (int i = 1; i < parts; i++) {
        workers[i - 1].post(task, i);
      }
      RuntimeException failure = null;
      try {
        task.accept(0);
      } catch (RuntimeException e) {
        failure = e;
      }
      for (int i = 1; i < parts; i++) {
        Throwable t = workers[i - 1].await();
        if (failure == null && t != null) {
          failure = t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      busy.set(false);
    }
  }

  /** The first index of part {@code i} when {@code items} are split into {@code parts} near-equal parts. */
  public static long start(long items, int parts, int i) {
    return items * i / parts;
  }

  /**
   * One worker thread: takes a posted part, runs it, signals completion; spins {@link #SPIN_NANOS} for the next
   * one, then parks until {@link #post} unparks it. The caller waiting for a part spins as long, then parks until
   * the worker unparks it. Hand-offs are a volatile counter each way (an executor's queue
   * and future cost 20-50 microseconds per section, a fifth of the small network's step).
   */
  private static final class Worker implements Runnable {
    Thread thread;
    private volatile long posted;
    private volatile long done;
    private volatile boolean parked;
    private volatile boolean waiting;
    private Thread waiter;
    private IntConsumer task;
    private int part;
    private Throwable error;

    void post(IntConsumer t, int p) {
      task = t;
      part = p;
      posted = posted + 1; // the volatile write publishes task and part
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    Throwable await() {
      long ticket = posted;
      long since = System.nanoTime();
      int spins = 0;
      while (done != ticket) {
        if ((++spins & 255) != 0 || System.nanoTime() - since < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          // The worker has no core (a loaded machine): give this one up rather than spin against it.
          waiter = Thread.currentThread();
          waiting = true;
          if (done != ticket) {
            LockSupport.park(this);
          }
          waiting = false;
        }
      }
      return error; // published by the volatile write of done
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long since = System.nanoTime();
        int spins = 0;
        while (posted == seen) {
          if ((++spins & 255) != 0 || System.nanoTime() - since < SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (posted == seen) {
              LockSupport.park(this);
            }
            parked = false;
            since = System.nanoTime();
          }
        }
        seen = posted;
        try {
          task.accept(part);
          error = null;
        } catch (Throwable t) {
          error = t;
        }
        done = seen;
        if (waiting) {
          LockSupport.unpark(waiter);
        }
      }
    }
  }
}
