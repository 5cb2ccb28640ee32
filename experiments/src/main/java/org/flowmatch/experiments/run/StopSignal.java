package org.flowmatch.experiments.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training: the JVM's shutdown hook asks training to stop, then waits until the runner has written
 * its checkpoint, so an interrupted run can be resumed.
 *
 * <p>The hook waits only while a run's work is in progress ({@link #running}), and that work releases it however it
 * ends: a run that fails, or a command that fails before its run begins, must not keep the process waiting for a
 * checkpoint that nobody will write (it once waited the full 120 s after every failed run).
 */
public final class StopSignal {
  /** How long a shutdown waits for a run to write its checkpoint and manifest. */
  private static final long WAIT_SECONDS = 120;

  private volatile boolean requested;
  private volatile boolean busy;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final int checksBeforeStop;
  private int checks;

  private StopSignal(int checksBeforeStop) {
    this.checksBeforeStop = checksBeforeStop;
  }

  /** A signal that nothing raises (tests, ablation cells). */
  public static StopSignal never() {
    return new StopSignal(-1);
  }

  /** A signal raised at the {@code n}-th check, that is, before training step n + 1: a Ctrl-C for tests. */
  public static StopSignal afterChecks(int n) {
    return new StopSignal(n);
  }

  /** A signal raised by the JVM's shutdown (Ctrl-C, SIGTERM). */
  public static StopSignal onShutdown() {
    StopSignal signal = new StopSignal(-1);
    Runtime.getRuntime().addShutdownHook(new Thread(signal::shutdown, "flowmatch-stop"));
    return signal;
  }

  /** What the shutdown hook does: raise the signal, then wait for the run in progress, if any, to end. */
  void shutdown() {
    requested = true;
    if (!busy) {
      return;
    }
    try {
      finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean requested() {
    if (checksBeforeStop >= 0 && ++checks > checksBeforeStop) {
      requested = true;
    }
    return requested;
  }

  /**
   * Marks a run's work (training, evaluation, the files it writes) as in progress until the returned handle is
   * closed: a shutdown meanwhile waits for it, and closing it, however the work ended, releases that wait. Use it
   * in a try-with-resources statement around the work.
   */
  public Running running() {
    busy = true;
    return () -> {
      busy = false;
      finished.countDown();
    };
  }

  /** A run's work in progress; closing it ends it. */
  @FunctionalInterface
  public interface Running extends AutoCloseable {
    @Override
    void close();
  }
}
