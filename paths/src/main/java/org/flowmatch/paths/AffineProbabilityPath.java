package org.flowmatch.paths;

import static org.flowmatch.core.Parameterization.EPSILON;
import static org.flowmatch.core.Parameterization.VELOCITY;
import static org.flowmatch.core.Parameterization.X1;

import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.Scheduler.Coefficients;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The affine path x_t = alpha_t x1 + sigma_t x0 of a {@link Scheduler}: one class for every scheduler, since
 * all that differs between CondOT, VP, cosine and the rest is four functions of t.
 *
 * <p>Formulas, with a = alpha_t, s = sigma_t, a' and s' their derivatives, q = s s' (finite everywhere) and
 * epsilon the source sample x0. Every output is A(t) x_t + B(t) p for the input p, per row:
 * <pre>
 *   sample         x_t = a x1 + s x0                 u_t = a' x1 + s' x0
 *   x1  -&gt; u       u   = (q/s^2) x_t + (a' - a q/s^2) x1
 *   eps -&gt; u       u   = (a'/a) x_t + (s' - s a'/a) eps
 *   u   -&gt; x1      x1  = (s' x_t - s u) / (a s' - s a')         = (q x_t - s^2 u) / (a q - s^2 a')   if s' = inf
 *   u   -&gt; eps     eps = (a u - a' x_t) / (a s' - s a')         = s (a u - a' x_t) / (a q - s^2 a')  if s' = inf
 *   x1  -&gt; eps     eps = (x_t - a x1) / s
 *   eps -&gt; x1      x1  = (x_t - s eps) / a
 * </pre>
 * The second form of u -&gt; x1 and u -&gt; eps is the first multiplied through by s; it stays finite where s'
 * is infinite (VP and linear-VP at t = 1, where it gives x1 = x_t), so those two are exact on all of [0, 1].
 *
 * <p>The other conversions are singular at an end for some schedulers: x1 -&gt; u and x1 -&gt; eps where s = 0,
 * eps -&gt; u and eps -&gt; x1 where a = 0, eps -&gt; u and sample's u_t where s' is infinite, and u -&gt; x1 and
 * u -&gt; eps where a s' - s a' = 0 (polynomial n &gt; 1 at t = 0, where u_t = 0 whatever x1 is). There the
 * output is not a function of (x_t, prediction) at all: at s = 0, for example, x_t = x1 carries nothing about
 * x0, which the velocity needs. Rather than return inf or NaN into a loss or an ODE step, such a row uses the
 * coefficients at the time {@link #ENDPOINT_OFFSET} inside [0, 1]: finite and continuous with the interior.
 * Only that row's output moves; x_t from {@link #sample} is always exact.
 *
 * <p>Immutable; thread-safe when its scheduler is (the built-in ones are). Outputs are new arrays in the data
 * type of the inputs; coefficients are computed per row in double precision and rounded once.
 */
public final class AffineProbabilityPath implements ProbabilityPath {

  /**
   * How far inside [0, 1] a row's coefficients are taken when they are infinite at its time. It moves alpha and
   * sigma by about 1e-6, or 1e-3 where sigma vanishes like sqrt(1 - t) (VP, linear-VP), and keeps every
   * coefficient of the built-in schedulers below about 3e14 (polynomial n = 3.5 near t = 0), far from float32
   * overflow.
   */
  public static final double ENDPOINT_OFFSET = 1e-6;

  private final Scheduler scheduler;

  public AffineProbabilityPath(Scheduler scheduler) {
    if (scheduler == null) {
      throw new IllegalArgumentException("scheduler must not be null");
    }
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return scheduler.name();
  }

  @Override
  public Optional<Scheduler> scheduler() {
    return Optional.of(scheduler);
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
    Checks.matrix(x0, "x0", -1, -1);
    Checks.matrix(x1, "x1", x0.rows(), x0.columns());
    sameFloatType(x0, "x0", x1, "x1");
    double[] times = times(t, x0.rows());
    int n = times.length;
    double[] alpha = new double[n];
    double[] sigma = new double[n];
    double[] dAlpha = new double[n];
    double[] dSigma = new double[n];
    for (int i = 0; i < n; i++) {
      Coefficients c = scheduler.at(times[i]);
      alpha[i] = c.alpha();
      sigma[i] = c.sigma();
      Linear u = finiteAt(VELOCITY_OF_SAMPLE, c, times[i]);
      dAlpha[i] = u.onFirst();
      dSigma[i] = u.onSecond();
    }
    INDArray xt = combine(x1, alpha, x0, sigma);
    INDArray ut = combine(x1, dAlpha, x0, dSigma);
    return new PathSample(xt, ut);
  }

  @Override
  public INDArray convert(INDArray prediction, Parameterization from, Parameterization to, INDArray xt,
      INDArray t) {
    if (from == null || to == null) {
      throw new IllegalArgumentException("from and to must not be null, got from=" + from + ", to=" + to);
    }
    Checks.matrix(prediction, "prediction", -1, -1);
    Checks.matrix(xt, "xt", prediction.rows(), prediction.columns());
    sameFloatType(prediction, "prediction", xt, "xt");
    double[] times = times(t, prediction.rows());
    if (from == to) {
      return prediction.dup();
    }
    Conversion conversion = Conversion.of(from, to);
    int n = times.length;
    double[] onXt = new double[n];
    double[] onPrediction = new double[n];
    for (int i = 0; i < n; i++) {
      Linear l = finiteAt(conversion.rule, scheduler.at(times[i]), times[i]);
      onXt[i] = l.onFirst();
      onPrediction[i] = l.onSecond();
    }
    return combine(xt, onXt, prediction, onPrediction);
  }

  @Override
  public String toString() {
    return "affine(" + scheduler + ")";
  }

  /** Per-row coefficients (A, B) of an output A p + B q. */
  private record Linear(double onFirst, double onSecond) {
    boolean isFinite() {
      return Double.isFinite(onFirst) && Double.isFinite(onSecond);
    }
  }

  /** The coefficients of one output as a function of the scheduler's at one time; infinite where singular. */
  @FunctionalInterface
  private interface Rule {
    Linear at(Coefficients c);
  }

  /** u_t = a' x1 + s' x0, as a rule so that it shares the endpoint handling of the conversions. */
  private static final Rule VELOCITY_OF_SAMPLE = c -> new Linear(c.dAlpha(), c.dSigma());

  /** The six conversions as data: each is out = A x_t + B prediction. */
  private enum Conversion {
    X1_TO_VELOCITY(X1, VELOCITY, c -> {
      double k = c.sigmaDSigma() / (c.sigma() * c.sigma());
      return new Linear(k, c.dAlpha() - c.alpha() * k);
    }),
    EPSILON_TO_VELOCITY(EPSILON, VELOCITY, c -> {
      double k = c.dAlpha() / c.alpha();
      return new Linear(k, c.dSigma() - c.sigma() * k);
    }),
    VELOCITY_TO_X1(VELOCITY, X1, c -> {
      if (Double.isFinite(c.dSigma())) {
        double d = c.alpha() * c.dSigma() - c.sigma() * c.dAlpha();
        return new Linear(c.dSigma() / d, -c.sigma() / d);
      }
      double d = c.alpha() * c.sigmaDSigma() - c.sigma() * c.sigma() * c.dAlpha();
      return new Linear(c.sigmaDSigma() / d, -c.sigma() * c.sigma() / d);
    }),
    VELOCITY_TO_EPSILON(VELOCITY, EPSILON, c -> {
      if (Double.isFinite(c.dSigma())) {
        double d = c.alpha() * c.dSigma() - c.sigma() * c.dAlpha();
        return new Linear(-c.dAlpha() / d, c.alpha() / d);
      }
      double d = c.alpha() * c.sigmaDSigma() - c.sigma() * c.sigma() * c.dAlpha();
      return new Linear(-c.sigma() * c.dAlpha() / d, c.sigma() * c.alpha() / d);
    }),
    X1_TO_EPSILON(X1, EPSILON, c -> new Linear(1 / c.sigma(), -c.alpha() / c.sigma())),
    EPSILON_TO_X1(EPSILON, X1, c -> new Linear(1 / c.alpha(), -c.sigma() / c.alpha()));

    private static final Conversion[][] TABLE = new Conversion[3][3];

    static {
      for (Conversion c : values()) {
        TABLE[c.from.ordinal()][c.to.ordinal()] = c;
      }
    }

    final Parameterization from;
    final Parameterization to;
    final Rule rule;

    Conversion(Parameterization from, Parameterization to, Rule rule) {
      this.from = from;
      this.to = to;
      this.rule = rule;
    }

    static Conversion of(Parameterization from, Parameterization to) {
      return TABLE[from.ordinal()][to.ordinal()];
    }
  }

  /** The rule at {@code c}, or at the nearest interior time where it is infinite at {@code t}. */
  private Linear finiteAt(Rule rule, Coefficients c, double t) {
    Linear l = rule.at(c);
    if (l.isFinite()) {
      return l;
    }
    double inside = t >= 0.5 ? t - ENDPOINT_OFFSET : t + ENDPOINT_OFFSET;
    l = rule.at(scheduler.at(inside));
    if (!l.isFinite()) {
      throw new IllegalStateException(scheduler + " has no finite coefficients at t = " + t + " nor at t = "
          + inside + ": " + l);
    }
    return l;
  }

  /**
   * Reads the time column into Java once, where the coefficient loop needs it anyway, and checks its range there:
   * cheaper than {@link Checks#timeColumn}'s two reductions, which also skip NaN, and it names the row.
   */
  private static double[] times(INDArray t, long rows) {
    Checks.matrix(t, "t", rows, 1);
    if (rows == 0) {
      return new double[0];
    }
    double[] values = NdArrays.toDoubles(t);
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0 && values[i] <= 1)) {
        throw new IllegalArgumentException("t must lie in [0, 1], got " + values[i] + " at row " + i);
      }
    }
    return values;
  }

  private static void sameFloatType(INDArray a, String aName, INDArray b, String bName) {
    if (!a.dataType().isFPType()) {
      throw new IllegalArgumentException(aName + " must have a floating-point data type, got " + a.dataType());
    }
    if (b.dataType() != a.dataType()) {
      throw new IllegalArgumentException(bName + " must have the data type of " + aName + " (" + a.dataType()
          + "), got " + b.dataType());
    }
  }

  /**
   * a[row] p + b[row] q. A plain loop over one copy of each input: the batches of flow matching are narrow
   * (2-D toy data, a few hundred rows), where per-op overheads would make broadcast ND4J ops several times slower.
   */
  private static INDArray combine(INDArray p, double[] a, INDArray q, double[] b) {
    int rows = (int) p.rows();
    int cols = (int) p.columns();
    double[] ps = NdArrays.toDoubles(p);
    double[] qs = NdArrays.toDoubles(q);
    double[] out = new double[ps.length];
    for (int i = 0; i < rows; i++) {
      for (int j = i * cols; j < (i + 1) * cols; j++) {
        out[j] = a[i] * ps[j] + b[i] * qs[j];
      }
    }
    return NdArrays.matrix(out, rows, cols, p.dataType());
  }
}
