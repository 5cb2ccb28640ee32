package org.flowmatch.experiments.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training: the JVM's shutdown hook asks training to stop, then waits until the runner has written
 * its checkpoint, so an interrupted run can be resumed.
 */
public final class StopSignal {
  private volatile boolean requested;
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
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signal.requested = true;
      try {
        signal.finished.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "flowmatch-stop"));
    return signal;
  }

  public boolean requested() {
    if (checksBeforeStop >= 0 && ++checks > checksBeforeStop) {
      requested = true;
    }
    return requested;
  }

  /** Called by the runner once its files are written, normally or after a stop. */
  public void finished() {
    finished.countDown();
  }
}
