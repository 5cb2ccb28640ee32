package org.flowmatch.solvers;

import org.flowmatch.core.NdArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form problems the solver tests share, and the measures they apply to solutions. Every problem lives
 * on t in [0, 1]; problems that need a longer span are rescaled in time.
 */
final class TestProblems {
  private TestProblems() {}

  private static final double TWO_PI = 2 * Math.PI;

  /**
   * y' = w cos(w t) y with w = 5 (scalar, non-autonomous): y(t) = y0 exp(sin w t - sin w t0). The rate is not a
   * multiple of 2 pi, so [0, 1] is not a whole period, on which the errors of some methods would cancel.
   */
  static TestProblem growth() {
    return new TestProblem("growth", 1, new double[][] {{1}, {-0.5}, {2}}) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        yDot[0] = GROWTH_RATE * Math.cos(GROWTH_RATE * t) * y[0];
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        return new double[] {y0[0] * Math.exp(Math.sin(GROWTH_RATE * t) - Math.sin(GROWTH_RATE * t0))};
      }
    };
  }

  private static final double GROWTH_RATE = 5;

  /** y' = y^2 (scalar, nonlinear): y(t) = y0 / (1 - y0 (t - t0)), finite on [0, 1] for y0 in (-1, 1). */
  static TestProblem riccati() {
    return new TestProblem("riccati", 1, new double[][] {{0.5}, {0.8}, {-0.7}}) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        yDot[0] = y[0] * y[0];
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        return new double[] {y0[0] / (1 - y0[0] * (t - t0))};
      }
    };
  }

  /**
   * A rotation of the plane at the time-dependent rate w(t) = 2 pi (1 + t): y' = w(t) (-y2, y1), so y(t) is y0
   * turned by theta(t) - theta(t0) with theta(t) = 2 pi (t + t^2 / 2) (one and a half turns over [0, 1]).
   */
  static TestProblem rotation() {
    return new TestProblem("rotation", 2, new double[][] {{1, 0}, {0, 2}, {-0.3, 0.4}}) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        double w = TWO_PI * (1 + t);
        yDot[0] = -w * y[1];
        yDot[1] = w * y[0];
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        return rotate(y0, TWO_PI * (t + t * t / 2 - t0 - t0 * t0 / 2));
      }
    };
  }

  /**
   * A rotation at a constant rate that every row carries as its third coordinate: (y1, y2, w)' = (-w y2, w y1, 0).
   * Rows with a high rate are hard (many oscillations on [0, 1]), rows with a low rate easy, in one batch.
   */
  static TestProblem spinners(double... rates) {
    double[][] initial = new double[rates.length][];
    for (int r = 0; r < rates.length; r++) {
      initial[r] = new double[] {1, 0.5, rates[r]};
    }
    return new TestProblem("spinners", 3, initial) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        yDot[0] = -y[2] * y[1];
        yDot[1] = y[2] * y[0];
        yDot[2] = 0;
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        double[] turned = rotate(y0, y0[2] * (t - t0));
        return new double[] {turned[0], turned[1], y0[2]};
      }
    };
  }

  /** y' = 1 / (0.5 - t)^2: y(t) = y0 + 1 / (0.5 - t) - 1 / (0.5 - t0), which blows up at t = 0.5. */
  static TestProblem pole() {
    return new TestProblem("pole", 1, new double[][] {{0}, {1}}) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        yDot[0] = 1 / ((0.5 - t) * (0.5 - t));
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        return new double[] {y0[0] + 1 / (0.5 - t) - 1 / (0.5 - t0)};
      }
    };
  }

  /** The period of the Arenstorf orbit of the restricted three-body problem. */
  static final double ARENSTORF_PERIOD = 17.0652165601579625588917206249;
  static final double ARENSTORF_MU = 0.012277471;
  static final double[] ARENSTORF_Y0 = {0.994, 0, 0, -2.00158510637908252240537862224};

  /** The Arenstorf equations (x, y, x', y')' at unit speed, in original time. */
  static void arenstorf(double[] y, double[] yDot) {
    double mu = ARENSTORF_MU;
    double nu = 1 - mu;
    double d1 = Math.pow((y[0] + mu) * (y[0] + mu) + y[1] * y[1], 1.5);
    double d2 = Math.pow((y[0] - nu) * (y[0] - nu) + y[1] * y[1], 1.5);
    yDot[0] = y[2];
    yDot[1] = y[3];
    yDot[2] = y[0] + 2 * y[3] - nu * (y[0] + mu) / d1 - mu * (y[0] - nu) / d2;
    yDot[3] = y[1] - 2 * y[2] - nu * y[1] / d1 - mu * y[1] / d2;
  }

  /**
   * The Arenstorf orbit rescaled to s in [0, 1] (dy/ds = T f(y)); its one known exact state is the return to the
   * start after one period, s = 1.
   */
  static TestProblem arenstorfOrbit() {
    return new TestProblem("arenstorf", 4, new double[][] {ARENSTORF_Y0.clone()}) {
      @Override
      void derivative(double t, double[] y, double[] yDot) {
        arenstorf(y, yDot);
        for (int i = 0; i < 4; i++) {
          yDot[i] *= ARENSTORF_PERIOD;
        }
      }

      @Override
      double[] exact(double t0, double[] y0, double t) {
        if (t != t0 && Math.abs(t - t0) != 1) {
          throw new UnsupportedOperationException("the Arenstorf orbit is known only after whole periods");
        }
        return y0.clone();
      }
    };
  }

  static double[] rotate(double[] y, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    return new double[] {c * y[0] - s * y[1], s * y[0] + c * y[1]};
  }

  /** The largest absolute entry-wise difference of two batches of any data types. */
  static double maxError(INDArray actual, INDArray expected) {
    double[] a = NdArrays.toDoubles(actual);
    double[] e = NdArrays.toDoubles(expected);
    if (a.length != e.length) {
      throw new AssertionError("sizes differ: " + a.length + " and " + e.length);
    }
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double err = Math.abs(a[i] - e[i]);
      worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
    }
    return worst;
  }

  /**
   * The largest error in units of the tolerance: max |actual - expected| / (atol + rtol |expected|) over all
   * entries.
   */
  static double errorOverTolerance(INDArray actual, INDArray expected, double rtol, double atol) {
    double[] a = NdArrays.toDoubles(actual);
    double[] e = NdArrays.toDoubles(expected);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double err = Math.abs(a[i] - e[i]) / (atol + rtol * Math.abs(e[i]));
      worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
    }
    return worst;
  }

  /** The least-squares slope of log(error) against log(h): the empirical order of convergence. */
  static double order(double[] h, double[] error) {
    int n = h.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += Math.log(h[i]) / n;
      my += Math.log(error[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(h[i]) - mx;
      sxy += dx * (Math.log(error[i]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
