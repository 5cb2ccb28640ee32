package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.VelocityField;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The step-size controller as {@link Adaptive} documents it, read off the accepted steps (observer) and the field
 * calls between them (six per attempt of dopri5 in shared mode, so a gap of 6 (1 + r) calls means r rejections).
 */
class StepSizeControlTest {

  /** One accepted step: its size, and how many attempts were rejected just before it. */
  private record Step(double h, int rejectedBefore) {}

  private static List<Step> steps(TestProblem problem, INDArray y0, double tol, double t0, double t1) {
    int[] calls = {0};
    VelocityField counting = (x, t) -> {
      calls[0]++;
      return problem.velocity(x, t);
    };
    List<Step> steps = new ArrayList<>();
    int[] callsAtLastEvent = {2}; // the initial step selection; its first call is the first attempt's first stage
    OdeSolution s = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tol, tol, ErrorControl.SHARED)
        .solve(counting, y0, t0, t1, null, e -> {
          int attempts = (calls[0] - callsAtLastEvent[0]) / 6;
          steps.add(new Step(e.tEnd()[0] - e.tStart()[0], attempts - 1));
          callsAtLastEvent[0] = calls[0];
        });
    assertEquals(s.acceptedSteps()[0], steps.size());
    assertEquals(s.rejectedSteps()[0], steps.stream().mapToInt(Step::rejectedBefore).sum(),
        "rejections read off the call counts");
    return steps;
  }

  @Test
  void noGrowthRightAfterARejectionAndBoundedChangesOtherwise() {
    int rejections = 0;
    for (TestProblem problem : new TestProblem[] {TestProblems.growth(), TestProblems.arenstorfOrbit(),
        TestProblems.riccati()}) {
      for (double tol : new double[] {1e-5, 1e-7, 1e-9}) {
        List<Step> steps = steps(problem, problem.initialStates(), tol, 0, 1);
        // the last step is cut to end on t1, so it says nothing about the controller
        for (int k = 0; k + 2 < steps.size(); k++) {
          double ratio = steps.get(k + 1).h() / steps.get(k).h();
          String where = problem + " tol " + tol + " step " + k;
          if (steps.get(k).rejectedBefore() > 0) {
            rejections++;
            assertTrue(ratio <= 1 + 1e-12, where + ": grew by " + ratio + " right after a rejection");
          }
          if (steps.get(k + 1).rejectedBefore() == 0) {
            assertTrue(ratio >= 0.2 - 1e-12 && ratio <= 10 + 1e-12, where + ": changed by " + ratio);
          }
        }
      }
    }
    assertTrue(rejections >= 5, "only " + rejections + " rejections: the rule went untested");
  }

  /** The first step is Hairer, Norsett and Wanner's (Solving ODEs I, II.4), computed here independently. */
  @Test
  void theFirstStepIsHairerNorsettWanners() {
    double tol = 1e-6;
    for (TestProblem problem : new TestProblem[] {TestProblems.growth(), TestProblems.rotation(),
        TestProblems.riccati(), TestProblems.arenstorfOrbit()}) {
      for (double[] span : new double[][] {{0, 1}, {0.9, 0.2}}) {
        if (problem.name().equals("arenstorf") && span[0] != 0) {
          continue;
        }
        INDArray y0 = problem.initialStates();
        List<Step> steps = steps(problem, y0, tol, span[0], span[1]);
        double expected = hairerNorsettWanner(problem, NdArrays.toDoubles(y0), span[0], span[1], tol);
        String what = problem + " from " + span[0] + " to " + span[1];
        if (steps.get(0).rejectedBefore() == 0) {
          assertEquals(expected, steps.get(0).h(), 1e-13 * Math.abs(expected), what + " (read off t1 - t0 of the step)");
        } else {
          assertTrue(Math.abs(steps.get(0).h()) < Math.abs(expected), what + ": a rejected first step must shrink");
        }
      }
    }
  }

  /** The whole batch pooled (shared mode), order 5 (dopri5's error order 4, plus one). */
  private static double hairerNorsettWanner(TestProblem problem, double[] y0, double t0, double t1, double tol) {
    int d = problem.dim();
    int n = y0.length / d;
    double direction = Math.signum(t1 - t0);
    double[] f0 = derivatives(problem, y0, t0, d);
    double[] scale = new double[y0.length];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = tol + tol * Math.abs(y0[i]);
    }
    double d0 = rms(y0, scale);
    double d1 = rms(f0, scale);
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
    h0 = Math.min(h0, Math.abs(t1 - t0));
    double[] y1 = new double[y0.length];
    for (int i = 0; i < y1.length; i++) {
      y1[i] = y0[i] + direction * h0 * f0[i];
    }
    double[] f1 = derivatives(problem, y1, t0 + direction * h0, d);
    double[] df = new double[y0.length];
    for (int i = 0; i < df.length; i++) {
      df[i] = f1[i] - f0[i];
    }
    double d2 = rms(df, scale) / h0;
    double max = Math.max(d1, d2);
    double h1 = max <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / max, 1.0 / 5);
    assertTrue(n >= 1);
    return direction * Math.min(Math.abs(t1 - t0), Math.min(100 * h0, h1));
  }

  private static double[] derivatives(TestProblem problem, double[] y, double t, int d) {
    double[] out = new double[y.length];
    double[] row = new double[d];
    double[] dot = new double[d];
    for (int r = 0; r < y.length / d; r++) {
      System.arraycopy(y, r * d, row, 0, d);
      problem.derivative(t, row, dot);
      System.arraycopy(dot, 0, out, r * d, d);
    }
    return out;
  }

  private static double rms(double[] v, double[] scale) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += (v[i] / scale[i]) * (v[i] / scale[i]);
    }
    return Math.sqrt(s / v.length);
  }
}
