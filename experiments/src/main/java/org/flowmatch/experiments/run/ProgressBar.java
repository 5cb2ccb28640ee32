package org.flowmatch.experiments.run;

import java.io.PrintStream;
import java.util.Locale;
import org.flowmatch.models.training.TrainingListener;
import org.flowmatch.models.training.TrainingState;

/**
 * A one-line progress bar with rate and ETA, redrawn at most five times a second; only on a terminal, so logs and
 * CI output stay clean.
 */
final class ProgressBar {
  private final PrintStream out;
  private final int total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private final int startStep;
  private long lastDraw;

  ProgressBar(PrintStream out, int startStep, int total) {
    this.out = out;
    this.total = total;
    this.startStep = startStep;
    this.enabled = System.console() != null;
  }

  void update(TrainingState state) {
    long now = System.nanoTime();
    if (!enabled || (now - lastDraw < 200_000_000L && state.step() < total)) {
      return;
    }
    lastDraw = now;
    double seconds = (now - start) / 1e9;
    double rate = (state.step() - startStep) / Math.max(seconds, 1e-9);
    double eta = (total - state.step()) / Math.max(rate, 1e-9);
    int width = 30;
    int filled = (int) ((long) width * state.step() / total);
    out.printf(Locale.ROOT, "\rtrain [%s%s] %d/%d  %.0f steps/s  ETA %s  loss %.4f   ", "#".repeat(filled),
        " ".repeat(width - filled), state.step(), total, rate, duration(eta), state.lastLoss());
    if (state.step() >= total) {
      out.println();
    }
  }

  void finish() {
    if (enabled) {
      out.println();
    }
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  TrainingListener listener(TrainingListener inner) {
    return new TrainingListener() {
      @Override
      public void onStep(TrainingState state) {
        inner.onStep(state);
        update(state);
      }

      @Override
      public boolean stopRequested() {
        return inner.stopRequested();
      }
    };
  }
}
