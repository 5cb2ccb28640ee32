package org.flowmatch.solvers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flowmatch.core.IntegrationException;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.StepEvent;
import org.flowmatch.core.StepObserver;
import org.flowmatch.core.VelocityField;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mutable state of one solve: every row's state, clock and step size, and the stepping loop.
 *
 * <p>Both step controls share one step kernel ({@link #attempt}) and one commit ({@link #commit}); they differ only
 * in how step sizes are proposed and judged. Shared error control is the per-row machinery with one clock: the
 * error norm is pooled over the batch and every row gets the same verdict and the same next step.
 */
final class Integration {
  private final ButcherTableau tableau;
  private final VelocityField field;
  private final StepObserver observer;
  /** Applied to every stage state, new state and dense output; null for none. */
  private final StateProjection projection;
  private final DataType type;
  private final int n;
  private final int d;
  private final double t0;
  private final double t1;
  private final double direction;

  private final double[] y;
  private final double[] t;
  private final double[] h;
  private final boolean[] done;
  private final boolean[] justRejected;
  /** f(y, t) of every row, valid when {@link #fKnown}: the FSAL stage or the initial-step evaluation. */
  private final double[] f;
  private boolean fKnown;

  private final int[] accepted;
  private final int[] rejected;
  private int nfe;
  private long rowEvaluations;

  private final double[] outputTimes;
  private final double[][] outputStates;
  private final int[] nextOutput;

  Integration(ButcherTableau tableau, VelocityField field, INDArray y0, double t0, double t1,
      double[] outputTimes, StepObserver observer, StateProjection projection) {
    this.tableau = tableau;
    this.projection = projection;
    this.field = field;
    this.observer = observer;
    this.type = y0.dataType();
    this.n = (int) y0.rows();
    this.d = (int) y0.columns();
    this.t0 = t0;
    this.t1 = t1;
    this.direction = t1 >= t0 ? 1 : -1;
    this.y = NdArrays.toDoubles(y0);
    this.t = new double[n];
    Arrays.fill(t, t0);
    this.h = new double[n];
    this.done = new boolean[n];
    this.justRejected = new boolean[n];
    this.f = new double[n * d];
    this.accepted = new int[n];
    this.rejected = new int[n];
    this.outputTimes = outputTimes;
    this.outputStates = new double[outputTimes.length][];
    this.nextOutput = new int[n];
  }

  OdeSolution run(StepControl control) {
    for (int j = 0; j < outputTimes.length && outputTimes[j] == t0; j++) {
      outputStates[j] = y.clone();
    }
    Arrays.fill(nextOutput, (int) Arrays.stream(outputTimes).filter(s -> s == t0).count());
    if (t0 != t1) {
      if (control instanceof FixedGrid grid) {
        runFixed(grid);
      } else {
        runAdaptive((Adaptive) control);
      }
    }
    List<INDArray> states = new ArrayList<>(outputStates.length);
    for (double[] s : outputStates) {
      states.add(NdArrays.matrix(s, n, d, type));
    }
    return new OdeSolution(NdArrays.matrix(y, n, d, type), outputTimes.clone(), List.copyOf(states), nfe,
        rowEvaluations, accepted, rejected);
  }

  private void runFixed(FixedGrid grid) {
    double[] times = grid.times(t0, t1);
    int[] rows = allRows();
    double[] stepSizes = new double[n];
    for (int i = 0; i + 1 < times.length; i++) {
      Arrays.fill(stepSizes, times[i + 1] - times[i]);
      Attempt step = attempt(rows, stepSizes, null);
      for (int r = 0; r < n; r++) {
        if (!step.finite[r]) {
          throw new IntegrationException(tableau.name() + ": the state of row " + r + " became non-finite in the step"
              + " from t = " + times[i] + " to t = " + times[i + 1] + " (step size " + stepSizes[r] + ", step "
              + (i + 1) + " of " + (times.length - 1) + ")");
        }
      }
      commit(step, allAccepted(), times[i + 1]);
    }
  }

  private void runAdaptive(Adaptive control) {
    initialStepSizes(control);
    double exponent = 1.0 / (Math.min(tableau.order(), tableau.errorOrder()) + 1);
    boolean shared = control.mode() == ErrorControl.SHARED;
    while (true) {
      int[] rows = activeRows();
      if (rows.length == 0) {
        return;
      }
      double[] stepSizes = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        stepSizes[i] = proposeStep(rows[i], control);
      }
      Attempt step = attempt(rows, stepSizes, control);
      double[] ratio = new double[rows.length];
      if (shared) {
        double pooled = Math.sqrt(Arrays.stream(step.errorSquares).sum() / ((double) rows.length * d));
        Arrays.fill(ratio, Double.isNaN(pooled) ? Double.POSITIVE_INFINITY : pooled);
      } else {
        for (int i = 0; i < rows.length; i++) {
          double r = Math.sqrt(step.errorSquares[i] / d);
          ratio[i] = Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
        }
      }
      boolean[] accept = new boolean[rows.length];
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        accept[i] = ratio[i] <= 1;
        double factor = ratio[i] == 0 ? control.maxFactor()
            : Math.min(control.maxFactor(),
                Math.max(control.minFactor(), control.safety() * Math.pow(ratio[i], -exponent)));
        if (accept[i] && justRejected[row]) {
          factor = Math.min(1, factor);
        }
        h[row] = stepSizes[i] * factor;
        justRejected[row] = !accept[i];
        if (!accept[i]) {
          rejected[row]++;
        }
      }
      commit(step, accept, Double.NaN);
    }
  }

  /** The next step of {@code row}: its step size, cut to end on t1, after checking the step budget and size. */
  private double proposeStep(int row, Adaptive control) {
    int steps = accepted[row] + rejected[row];
    if (steps >= control.maxSteps()) {
      throw new IntegrationException(tableau.name() + ": row " + row + " took max_steps = " + control.maxSteps()
          + " steps without finishing; it reached t = " + t[row] + " with step size " + h[row]);
    }
    double remaining = t1 - t[row];
    if (Math.abs(h[row]) >= Math.abs(remaining)) {
      return remaining;
    }
    if (Math.abs(h[row]) < control.minStep()) {
      throw new IntegrationException(tableau.name() + ": the step size of row " + row + " fell to "
          + Math.abs(h[row]) + ", below min_step = " + control.minStep() + ", at t = " + t[row] + " after " + steps
          + " steps (" + rejected[row] + " rejected); the field may be stiff, singular or non-finite there");
    }
    return h[row];
  }

  /**
   * Hairer, Norsett and Wanner's initial step size (Solving ODEs I, II.4), per row or pooled over the batch.
   * Its evaluation of f(y0) is the first step's first stage.
   */
  private void initialStepSizes(Adaptive control) {
    int[] rows = allRows();
    double[] f0 = eval(y, t, rows);
    System.arraycopy(f0, 0, f, 0, f0.length);
    fKnown = true;
    double[] scale = new double[n * d];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = control.atol() + control.rtol() * Math.abs(y[i]);
    }
    double[] d0 = rms(y, scale, control.mode());
    double[] d1 = rms(f0, scale, control.mode());
    double span = Math.abs(t1 - t0);
    double[] h0 = new double[n];
    double[] y1 = new double[n * d];
    double[] tProbe = new double[n];
    for (int r = 0; r < n; r++) {
      h0[r] = Math.min(span, d0[r] < 1e-5 || d1[r] < 1e-5 ? 1e-6 : 0.01 * d0[r] / d1[r]);
      tProbe[r] = t0 + direction * h0[r];
      for (int j = r * d; j < (r + 1) * d; j++) {
        y1[j] = y[j] + direction * h0[r] * f0[j];
      }
    }
    double[] f1 = eval(y1, tProbe, rows);
    double[] df = new double[n * d];
    for (int i = 0; i < df.length; i++) {
      df[i] = f1[i] - f0[i];
    }
    double[] d2 = rms(df, scale, control.mode());
    double order = Math.min(tableau.order(), tableau.errorOrder()) + 1;
    for (int r = 0; r < n; r++) {
      double dMax = Math.max(d1[r], d2[r] / h0[r]);
      double h1 = dMax <= 1e-15 ? Math.max(1e-6, h0[r] * 1e-3) : Math.pow(0.01 / dMax, 1 / order);
      h[r] = direction * Math.min(span, Math.min(100 * h0[r], h1));
    }
  }

  /** The scaled root-mean-square of every row, or of the whole batch copied to every row. */
  private double[] rms(double[] v, double[] scale, ErrorControl mode) {
    double[] sums = new double[n];
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int j = r * d; j < (r + 1) * d; j++) {
        double z = v[j] / scale[j];
        s += z * z;
      }
      sums[r] = s;
    }
    double[] out = new double[n];
    if (mode == ErrorControl.SHARED) {
      Arrays.fill(out, Math.sqrt(Arrays.stream(sums).sum() / ((double) n * d)));
    } else {
      for (int r = 0; r < n; r++) {
        out[r] = Math.sqrt(sums[r] / d);
      }
    }
    return out;
  }

  /** One step of the tableau for {@code rows}, with step sizes {@code stepSizes}; nothing is committed. */
  private Attempt attempt(int[] rows, double[] stepSizes, Adaptive control) {
    int m = rows.length;
    int stages = tableau.stages();
    double[] yA = gatherRows(y, rows);
    double[] tA = gather(t, rows);
    double[][] k = new double[stages][];
    k[0] = fKnown ? gatherRows(f, rows) : eval(yA, tA, rows);
    double[] stageState = null;
    for (int s = 1; s < stages; s++) {
      double[] a = tableau.a()[s];
      double c = tableau.c()[s];
      stageState = new double[m * d];
      double[] ts = new double[m];
      for (int i = 0; i < m; i++) {
        ts[i] = tA[i] + c * stepSizes[i];
        for (int j = i * d; j < (i + 1) * d; j++) {
          double sum = 0;
          for (int q = 0; q < s; q++) {
            if (a[q] != 0) {
              sum += a[q] * k[q][j];
            }
          }
          stageState[j] = yA[j] + stepSizes[i] * sum;
        }
      }
      project(stageState, m);
      k[s] = eval(stageState, ts, rows);
    }
    double[] yNew = tableau.fsal() ? stageState : project(combine(yA, k, tableau.b(), stepSizes), m);
    boolean[] finite = new boolean[m];
    double[] errorSquares = new double[m];
    double[] e = tableau.e();
    for (int i = 0; i < m; i++) {
      boolean ok = true;
      double sum = 0;
      for (int j = i * d; j < (i + 1) * d; j++) {
        ok &= Double.isFinite(yNew[j]);
        if (control != null) {
          double err = 0;
          for (int s = 0; s < stages; s++) {
            if (e[s] != 0) {
              err += e[s] * k[s][j];
            }
          }
          double scale = control.atol() + control.rtol() * Math.max(Math.abs(yA[j]), Math.abs(yNew[j]));
          double z = stepSizes[i] * err / scale;
          sum += z * z;
        }
      }
      finite[i] = ok;
      errorSquares[i] = ok ? sum : Double.POSITIVE_INFINITY;
    }
    return new Attempt(rows, tA, stepSizes, yA, k, yNew, finite, errorSquares);
  }

  /** Projects the first {@code rows} rows of {@code states} in place, when there is a projection; returns them. */
  private double[] project(double[] states, int rows) {
    if (projection != null) {
      projection.project(states, rows, d);
    }
    return states;
  }

  /** y + h sum_s w_s k_s for every row. */
  private double[] combine(double[] base, double[][] k, double[] w, double[] stepSizes) {
    double[] out = new double[base.length];
    for (int i = 0; i < stepSizes.length; i++) {
      for (int j = i * d; j < (i + 1) * d; j++) {
        double sum = 0;
        for (int s = 0; s < w.length; s++) {
          if (w[s] != 0) {
            sum += w[s] * k[s][j];
          }
        }
        out[j] = base[j] + stepSizes[i] * sum;
      }
    }
    return out;
  }

  /**
   * Moves the accepted rows of {@code step} forward: state, clock, FSAL stage, step count, requested outputs (by
   * the tableau's continuous extension) and the observer. {@code tEnd}, when not NaN, is the exact end time.
   */
  private void commit(Attempt step, boolean[] accept, double tEnd) {
    int m = step.rows.length;
    int last = tableau.stages() - 1;
    double[] weights = new double[tableau.stages()];
    List<Integer> stepped = observer == StepObserver.NONE ? null : new ArrayList<>();
    for (int i = 0; i < m; i++) {
      if (!accept[i]) {
        continue;
      }
      int row = step.rows[i];
      double tOld = step.t[i];
      double hRow = step.h[i];
      boolean lastStep = Double.isNaN(tEnd) ? hRow == t1 - tOld : tEnd == t1;
      double tNew = Double.isNaN(tEnd) ? (lastStep ? t1 : tOld + hRow) : tEnd;
      int offset = i * d;
      while (nextOutput[row] < outputTimes.length
          && (outputTimes[nextOutput[row]] - tNew) * direction <= 0) {
        int j = nextOutput[row]++;
        if (outputStates[j] == null) {
          outputStates[j] = new double[n * d];
        }
        double theta = (outputTimes[j] - tOld) / hRow;
        if (theta >= 1 - 1e-12) {
          System.arraycopy(step.yNew, offset, outputStates[j], row * d, d);
        } else {
          tableau.denseWeights(theta, weights);
          for (int q = 0; q < d; q++) {
            double sum = 0;
            for (int s = 0; s < weights.length; s++) {
              sum += weights[s] * step.k[s][offset + q];
            }
            outputStates[j][row * d + q] = step.yA[offset + q] + hRow * sum;
          }
          if (projection != null) {
            double[] one = java.util.Arrays.copyOfRange(outputStates[j], row * d, (row + 1) * d);
            projection.project(one, 1, d);
            System.arraycopy(one, 0, outputStates[j], row * d, d);
          }
        }
      }
      System.arraycopy(step.yNew, offset, y, row * d, d);
      if (tableau.fsal()) {
        System.arraycopy(step.k[last], offset, f, row * d, d);
      }
      t[row] = tNew;
      accepted[row]++;
      done[row] = lastStep;
      if (stepped != null) {
        stepped.add(i);
      }
    }
    fKnown = tableau.fsal();
    if (stepped != null && !stepped.isEmpty()) {
      notifyObserver(step, stepped);
    }
  }

  private void notifyObserver(Attempt step, List<Integer> stepped) {
    int m = stepped.size();
    int[] rows = new int[m];
    double[] tStart = new double[m];
    double[] tEndRows = new double[m];
    double[] yStart = new double[m * d];
    double[] yEnd = new double[m * d];
    for (int k = 0; k < m; k++) {
      int i = stepped.get(k);
      rows[k] = step.rows[i];
      tStart[k] = step.t[i];
      tEndRows[k] = t[rows[k]];
      System.arraycopy(step.yA, i * d, yStart, k * d, d);
      System.arraycopy(step.yNew, i * d, yEnd, k * d, d);
    }
    observer.onStep(new StepEvent(rows, tStart, tEndRows, NdArrays.matrix(yStart, m, d, type),
        NdArrays.matrix(yEnd, m, d, type)));
  }

  private double[] eval(double[] states, double[] times, int[] rows) {
    int m = rows.length;
    INDArray v = field.velocity(NdArrays.matrix(states, m, d, type), NdArrays.column(times, type), rows);
    if (v == null || v.rank() != 2 || v.rows() != m || v.columns() != d) {
      throw new IllegalStateException(tableau.name() + ": the field returned "
          + (v == null ? "null" : "shape " + Arrays.toString(v.shape())) + " for a batch of shape [" + m + ", " + d
          + "]");
    }
    nfe++;
    rowEvaluations += m;
    return NdArrays.toDoubles(v);
  }

  private int[] allRows() {
    int[] rows = new int[n];
    Arrays.setAll(rows, i -> i);
    return rows;
  }

  private boolean[] allAccepted() {
    boolean[] all = new boolean[n];
    Arrays.fill(all, true);
    return all;
  }

  private int[] activeRows() {
    int count = 0;
    for (boolean b : done) {
      count += b ? 0 : 1;
    }
    int[] rows = new int[count];
    for (int r = 0, i = 0; r < n; r++) {
      if (!done[r]) {
        rows[i++] = r;
      }
    }
    return rows;
  }

  private double[] gatherRows(double[] source, int[] rows) {
    if (rows.length == n) {
      return source.clone();
    }
    double[] out = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(source, rows[i] * d, out, i * d, d);
    }
    return out;
  }

  private static double[] gather(double[] source, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = source[rows[i]];
    }
    return out;
  }

  /** One step tried for some rows: their start, stages, proposed state and scaled squared error. */
  private record Attempt(int[] rows, double[] t, double[] h, double[] yA, double[][] k, double[] yNew,
      boolean[] finite, double[] errorSquares) {}
}
