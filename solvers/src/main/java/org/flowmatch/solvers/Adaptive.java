package org.flowmatch.solvers;

import org.flowmatch.core.Checks;

/**
 * Error-controlled steps for an embedded tableau: a step is accepted when the root-mean-square of the local
 * error, scaled by atol + rtol max(|y_n|, |y_n+1|), is at most 1; the next step size is
 * h * min(maxFactor, max(minFactor, safety * err^(-1/(q+1)))) with q the lower of the two orders (no growth
 * right after a rejection). The first step size follows Hairer, Norsett and Wanner's algorithm (Solving ODEs I,
 * II.4).
 *
 * @param rtol relative tolerance
 * @param atol absolute tolerance
 * @param mode one step size for the batch, or one per row
 * @param maxSteps the most steps (accepted and rejected) a row may take
 * @param minStep the smallest step size allowed before the solve fails
 * @param safety the safety factor of the controller
 * @param minFactor the largest shrink of a step, as a factor
 * @param maxFactor the largest growth of a step, as a factor
 */
public record Adaptive(double rtol, double atol, ErrorControl mode, int maxSteps, double minStep, double safety,
    double minFactor, double maxFactor) implements StepControl {

  public static final int DEFAULT_MAX_STEPS = 100_000;
  public static final double DEFAULT_MIN_STEP = 1e-12;

  public Adaptive {
    Checks.positive(rtol, "rtol");
    Checks.positive(atol, "atol");
    if (mode == null) {
      throw new IllegalArgumentException("error control mode must not be null");
    }
    Checks.positive(maxSteps, "max_steps");
    Checks.positive(minStep, "min_step");
    if (!(safety > 0 && safety <= 1)) {
      throw new IllegalArgumentException("safety must lie in (0, 1], got " + safety);
    }
    if (!(minFactor > 0 && minFactor < 1)) {
      throw new IllegalArgumentException("min_factor must lie in (0, 1), got " + minFactor);
    }
    if (!(maxFactor > 1) || Double.isInfinite(maxFactor)) {
      throw new IllegalArgumentException("max_factor must be finite and greater than 1, got " + maxFactor);
    }
  }

  /** The standard controller (safety 0.9, shrink at most 5x, grow at most 10x) with the given tolerances. */
  public static Adaptive of(double rtol, double atol, ErrorControl mode) {
    return new Adaptive(rtol, atol, mode, DEFAULT_MAX_STEPS, DEFAULT_MIN_STEP, 0.9, 0.2, 10);
  }

  public Adaptive withMaxSteps(int n) {
    return new Adaptive(rtol, atol, mode, n, minStep, safety, minFactor, maxFactor);
  }

  public Adaptive withMinStep(double h) {
    return new Adaptive(rtol, atol, mode, maxSteps, h, safety, minFactor, maxFactor);
  }

  public Adaptive withMode(ErrorControl m) {
    return new Adaptive(rtol, atol, m, maxSteps, minStep, safety, minFactor, maxFactor);
  }

  @Override
  public String toString() {
    return "rtol=" + rtol + ", atol=" + atol + ", " + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
