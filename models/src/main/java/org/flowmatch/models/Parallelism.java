package org.flowmatch.models;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Work split into independent parts, run on the calling thread and this process's worker threads: how networks and
 * optimisers use several cores while every ND4J op inside stays single-threaded.
 *
 * <p>Why not ND4J's own threads: OpenBLAS's and libnd4j's OpenMP threads spin while waiting for work, and on a
 * two-core machine two spinning pools starve each other (docs/performance.md measures it). Splitting a batch into
 * row blocks that each run the whole layer sequence keeps both cores busy with no hand-offs between pools.
 *
 * <p>Parts are claimed, not assigned: the caller and every awake worker take the next unclaimed part until none is
 * left, so a worker that has no core (a loaded machine) costs nothing but its unclaimed share, which the caller
 * computes itself instead of waiting a time slice for it. Callers therefore make each part's result independent of
 * the thread that computes it, so results do not depend on scheduling; they depend on the thread count only where a
 * caller sizes its parts by {@link #threads()} (the ND4J kernel's lanes do; the array kernel's row blocks depend on
 * the batch alone).
 */
public final class Parallelism {
  /** The system property that sets the thread count (default: the available processors). */
  public static final String PROPERTY = "flowmatch.threads";
  /**
   * How long an idle worker spins before it parks, and a caller waits on a claimed part before it parks. A training
   * step of the 3 x 64 network runs two parallel sections about 100 microseconds apart; waking a parked thread costs
   * tens of microseconds, so the workers stay awake across a step, as OpenMP's and PyTorch's threads do, and park
   * when work stops.
   */
  static final long SPIN_NANOS = 500_000;
  private static final Parallelism DEFAULT = new Parallelism(configured());

  private final int threads;
  private final Worker[] workers;
  /**
   * Set while one caller's section is posted to the workers; a concurrent or nested caller (a part that calls
   * {@link #run}) runs its parts itself.
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

  /** How many parts of at least {@code minPart} items each {@code items} can be split into, one per thread. */
  public int parts(long items, long minPart) {
    return (int) Math.max(1, Math.min(threads, items / minPart));
  }

  /**
   * Runs {@code task.accept(i)} once for each i in [0, parts), on this thread and whichever workers are free, in
   * no fixed assignment; returns when all are done, rethrowing the first failure.
   */
  public void run(int parts, IntConsumer task) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be positive, got " + parts);
    }
    if (parts == 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
      for (int i = 0; i < parts; i++) {
        task.accept(i);
      }
      return;
    }
    try {
      Section section = new Section(task, parts, Thread.currentThread());
      for (int i = 0; i < Math.min(workers.length, parts - 1); i++) {
        workers[i].post(section);
      }
      section.work();
      section.await();
      Throwable failure = section.failure.get();
      if (failure instanceof RuntimeException r) {
        throw r;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException(failure);
      }
    } finally {
      busy.set(false);
    }
  }

  /** The first index of part {@code i} when {@code items} are split into {@code parts} near-equal parts. */
  public static long start(long items, int parts, int i) {
    return items * i / parts;
  }

  /** One call's parts: a claim counter, a completion counter and the first failure. */
  private static final class Section {
    final IntConsumer task;
    final int parts;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean waiting;

    Section(IntConsumer task, int parts, Thread caller) {
      this.task = task;
      this.parts = parts;
      this.caller = caller;
    }

    /** Claims and runs parts until none is left. */
    void work() {
      for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
        try {
          task.accept(i);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        if (finished.incrementAndGet() == parts && waiting) {
          LockSupport.unpark(caller);
        }
      }
    }

    /** Waits for the parts that workers claimed: spins, then parks until the last one unparks the caller. */
    void await() {
      long since = System.nanoTime();
      int spins = 0;
      while (finished.get() < parts) {
        if ((++spins & 255) != 0 || System.nanoTime() - since < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          waiting = true;
          if (finished.get() < parts) {
            LockSupport.park(this);
          }
          waiting = false;
        }
      }
    }
  }

  /**
   * One worker thread: works on each posted section; spins {@link #SPIN_NANOS} for the next one, then parks until
   * {@link #post} unparks it. Hand-offs are volatile writes (an executor's queue and futures cost 20-50
   * microseconds per section, a fifth of the small network's step).
   */
  private static final class Worker implements Runnable {
    Thread thread;
    private volatile Section current;
    private volatile long posted;
    private volatile boolean parked;

    void post(Section section) {
      current = section;
      posted = posted + 1;
      if (parked) {
        LockSupport.unpark(thread);
      }
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
        // The newest section: one that a caller finished alone has nothing left to claim.
        current.work();
      }
    }
  }
}
