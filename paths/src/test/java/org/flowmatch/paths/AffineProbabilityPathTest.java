package org.flowmatch.paths;

import static org.flowmatch.core.Parameterization.EPSILON;
import static org.flowmatch.core.Parameterization.VELOCITY;
import static org.flowmatch.core.Parameterization.X1;
import static org.flowmatch.paths.SchedulerTest.assertRejects;
import static org.flowmatch.paths.SchedulerTest.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath.PathSample;
import org.flowmatch.core.Rng;
import org.flowmatch.core.Scheduler;
import org.flowmatch.core.Scheduler.Coefficients;
import org.flowmatch.core.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link AffineProbabilityPath} against the affine combination computed element by element in Java, finite
 * differences in t, and its own conversions read backwards.
 */
class AffineProbabilityPathTest {
  private static final int BATCH = 64;
  private static final int DIM = 5;
  private static final Parameterization[] ALL = Parameterization.values();

  static Stream<SchedulerCase> cases() {
    return SchedulerCase.all();
  }

  // ---------------------------------------------------------------------------------------------- sample()

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sampleIsTheAffineCombination(SchedulerCase sc) {
    INDArray x0 = gaussian(1, BATCH, DIM);
    INDArray x1 = gaussian(2, BATCH, DIM);
    double[] ts = times(3, BATCH, 0.01, 0.99);
    ts[0] = 0;
    PathSample s = path(sc).sample(x0, x1, column(ts));
    double[][] a0 = x0.toDoubleMatrix();
    double[][] a1 = x1.toDoubleMatrix();
    double[][] xt = new double[BATCH][DIM];
    double[][] ut = new double[BATCH][DIM];
    for (int i = 0; i < BATCH; i++) {
      Coefficients c = sc.scheduler().at(ts[i]);
      for (int j = 0; j < DIM; j++) {
        xt[i][j] = c.alpha() * a1[i][j] + c.sigma() * a0[i][j];
        ut[i][j] = c.dAlpha() * a1[i][j] + c.dSigma() * a0[i][j];
      }
    }
    assertEquals(DataType.DOUBLE, s.xt().dataType());
    NdAssert.assertClose(Nd4j.create(xt), s.xt(), 1e-15, "x_t");
    NdAssert.assertClose(Nd4j.create(ut), s.ut(), 1e-14, "u_t");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void velocityIsTheTimeDerivativeOfThePoint(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray x0 = gaussian(4, BATCH, DIM);
    INDArray x1 = gaussian(5, BATCH, DIM);
    double[] ts = times(6, BATCH, 0.01, 0.99);
    double h = 1e-6;
    INDArray ut = path.sample(x0, x1, column(ts)).ut();
    INDArray plus = path.sample(x0, x1, column(Arrays.stream(ts).map(t -> t + h).toArray())).xt();
    INDArray minus = path.sample(x0, x1, column(Arrays.stream(ts).map(t -> t - h).toArray())).xt();
    INDArray fd = plus.sub(minus).divi(2 * h);
    double err = relative(fd, ut);
    report("u_t vs central difference of x_t, relative", sc, err);
    assertTrue(err < 1e-7, "relative error " + err);
  }

  // ------------------------------------------------------------------------------------------- convert()

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyConversionRoundTrips(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray t = column(times(7, BATCH, 0.05, 0.95));
    INDArray xt = gaussian(8, BATCH, DIM);
    double worst = 0;
    for (Parameterization from : ALL) {
      for (Parameterization to : ALL) {
        INDArray p = gaussian(9, BATCH, DIM);
        INDArray back = path.convert(path.convert(p, from, to, xt, t), to, from, xt, t);
        double err = relative(p, back);
        worst = Math.max(worst, err);
        assertTrue(err < 1e-10, from + " -> " + to + " -> " + from + ": relative error " + err);
      }
    }
    report("round trip, relative", sc, worst);
  }

  /** The real oracle: conversions must take what the path built from known x0, x1 back to those. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void conversionsRecoverTheSampleTheyCameFrom(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray x0 = gaussian(10, BATCH, DIM);
    INDArray x1 = gaussian(11, BATCH, DIM);
    INDArray t = column(times(12, BATCH, 0.05, 0.95));
    PathSample s = path.sample(x0, x1, t);
    double worst = 0;
    worst = Math.max(worst, check(s.ut(), path.convert(x1, X1, VELOCITY, s.xt(), t), "x1 -> velocity", 1e-10));
    worst = Math.max(worst, check(s.ut(), path.convert(x0, EPSILON, VELOCITY, s.xt(), t), "eps -> velocity", 1e-10));
    worst = Math.max(worst, check(x1, path.convert(s.ut(), VELOCITY, X1, s.xt(), t), "velocity -> x1", 1e-10));
    worst = Math.max(worst, check(x0, path.convert(s.ut(), VELOCITY, EPSILON, s.xt(), t), "velocity -> eps", 1e-10));
    worst = Math.max(worst, check(x0, path.convert(x1, X1, EPSILON, s.xt(), t), "x1 -> eps", 1e-10));
    worst = Math.max(worst, check(x1, path.convert(x0, EPSILON, X1, s.xt(), t), "eps -> x1", 1e-10));
    report("conversion vs known x0, x1, u_t, relative", sc, worst);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void identityIsACopy(SchedulerCase sc) {
    INDArray p = gaussian(13, 4, 3);
    INDArray copy = p.dup();
    for (Parameterization q : ALL) {
      INDArray out = path(sc).convert(p, q, q, gaussian(14, 4, 3), column(0, 0.3, 0.7, 1));
      assertNotSame(p, out);
      assertEquals(copy, out);
      out.addi(1);
      assertEquals(copy, p, "the input must not share storage with the output");
    }
  }

  // ------------------------------------------------------------------------------------------- endpoints

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everythingIsFiniteAtTheEnds(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray t = column(0, 1, 0, 1, 0.5, 1);
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      INDArray x0 = gaussian(15, 6, DIM).castTo(type);
      INDArray x1 = gaussian(16, 6, DIM).castTo(type);
      INDArray p = gaussian(17, 6, DIM).castTo(type);
      PathSample s = path.sample(x0, x1, t);
      assertFinite(s.xt(), type + " x_t");
      assertFinite(s.ut(), type + " u_t");
      for (Parameterization from : ALL) {
        for (Parameterization to : ALL) {
          assertFinite(path.convert(p, from, to, s.xt(), t), type + " " + from + " -> " + to);
          assertFinite(path.convert(p, from, to, x0, t), type + " " + from + " -> " + to + " off the path");
        }
      }
    }
  }

  /** Where the velocity determines x1 or x0 at an end, the conversion there is exact, not nudged. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void velocityConversionsAreExactAtTheEndsWhereDetermined(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray x0 = gaussian(18, BATCH, DIM);
    INDArray x1 = gaussian(19, BATCH, DIM);
    INDArray one = Nd4j.ones(DataType.DOUBLE, BATCH, 1);
    PathSample s1 = path.sample(x0, x1, one);
    check(x1, path.convert(s1.ut(), VELOCITY, X1, s1.xt(), one), "velocity -> x1 at t = 1", 1e-13);
    if (!sc.dSigmaInfiniteAtOne()) {
      check(x0, path.convert(s1.ut(), VELOCITY, EPSILON, s1.xt(), one), "velocity -> eps at t = 1", 1e-13);
    } else {
      // With s' = -infinity a finite velocity leaves nothing of x0: the limit of velocity -> eps is 0, and the
      // conversion is continuous into it from the interior.
      INDArray velocity = gaussian(20, BATCH, DIM);
      INDArray eps = path.convert(velocity, VELOCITY, EPSILON, s1.xt(), one);
      assertEquals(0, eps.amaxNumber().doubleValue(), 0, "velocity -> eps at t = 1");
      INDArray nearOne = Nd4j.valueArrayOf(new long[] {BATCH, 1}, 1 - 1e-12, DataType.DOUBLE);
      check(eps, path.convert(velocity, VELOCITY, EPSILON, s1.xt(), nearOne), "velocity -> eps near 1", 1e-4);
      check(s1.xt(), path.convert(velocity, VELOCITY, X1, s1.xt(), nearOne), "velocity -> x1 near 1", 1e-4);
    }
    if (sc.sigma1() == 0) {
      // x_t = x1 at t = 1 whatever the velocity; the s'-free form must give exactly that, not a nudged guess.
      INDArray anyVelocity = gaussian(20, BATCH, DIM).muli(100);
      INDArray x1Back = path.convert(anyVelocity, VELOCITY, X1, s1.xt(), one);
      assertEquals(s1.xt(), x1Back, "velocity -> x1 at t = 1 must be x_t");
      assertEquals(x1, x1Back);
    }
    INDArray zero = Nd4j.zeros(DataType.DOUBLE, BATCH, 1);
    PathSample s0 = path.sample(x0, x1, zero);
    if (sc.velocityDeterminesX1AtZero()) {
      check(x1, path.convert(s0.ut(), VELOCITY, X1, s0.xt(), zero), "velocity -> x1 at t = 0", 1e-13);
      check(x0, path.convert(s0.ut(), VELOCITY, EPSILON, s0.xt(), zero), "velocity -> eps at t = 0", 1e-13);
    } else {
      assertEquals(0, s0.ut().amaxNumber().doubleValue(), 0, "u_0 carries nothing about x1 here");
    }
  }

  @Test
  void singularRowsUseTheNearestInteriorTime() {
    double inside = 1 - AffineProbabilityPath.ENDPOINT_OFFSET;
    INDArray p = gaussian(21, 3, DIM);
    INDArray xt = gaussian(22, 3, DIM);
    INDArray ones = column(1, 1, 1);
    INDArray insides = column(inside, inside, inside);

    AffineProbabilityPath cosine = new AffineProbabilityPath(new CosineScheduler());
    assertEquals(cosine.convert(p, X1, VELOCITY, xt, insides), cosine.convert(p, X1, VELOCITY, xt, ones));
    assertEquals(cosine.convert(p, X1, EPSILON, xt, insides), cosine.convert(p, X1, EPSILON, xt, ones));

    AffineProbabilityPath vp = new AffineProbabilityPath(new VPScheduler());
    assertEquals(vp.convert(p, EPSILON, VELOCITY, xt, insides), vp.convert(p, EPSILON, VELOCITY, xt, ones));
    PathSample atOne = vp.sample(xt, p, ones);
    assertEquals(p, atOne.xt(), "x_t at t = 1 is x1 exactly");
    assertEquals(vp.sample(xt, p, insides).ut(), atOne.ut(), "u_t at t = 1 uses the interior coefficients");

    INDArray zeros = column(0, 0, 0);
    double offset = AffineProbabilityPath.ENDPOINT_OFFSET;
    INDArray offsets = column(offset, offset, offset);
    AffineProbabilityPath linearVp = new AffineProbabilityPath(new LinearVPScheduler());
    assertEquals(linearVp.convert(p, EPSILON, X1, xt, offsets), linearVp.convert(p, EPSILON, X1, xt, zeros));
    AffineProbabilityPath cubic = new AffineProbabilityPath(new PolynomialScheduler(3));
    assertEquals(cubic.convert(p, VELOCITY, X1, xt, offsets), cubic.convert(p, VELOCITY, X1, xt, zeros));
    // A regular row next to a singular one keeps its own time.
    INDArray mixed = column(0.5, 1, 0.25);
    INDArray out = cosine.convert(p, X1, VELOCITY, xt, mixed);
    INDArray regular = cosine.convert(p, X1, VELOCITY, xt, column(0.5, 0.5, 0.25));
    assertEquals(regular.getRow(0), out.getRow(0));
    assertEquals(regular.getRow(2), out.getRow(2));
  }

  // ---------------------------------------------------------------------------------- layouts and types

  /**
   * float32 against double on the same (float32-representable) inputs. Every output is A x + B y per row, whose
   * float32 rounding error is a few ulp of |A x| + |B y|, not of the output: eps -> x1 near t = 0 cancels two
   * terms of size 1/alpha. That scale is max(|A |x| + B |y||, |A |x| - B |y||), two double evaluations of the
   * same linear map on absolute values, so the test needs no copy of the formulas.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float32GivesFloat32CloseToDouble(SchedulerCase sc) {
    AffineProbabilityPath path = path(sc);
    INDArray x0 = roundedToFloat(gaussian(23, BATCH, DIM));
    INDArray x1 = roundedToFloat(gaussian(24, BATCH, DIM));
    INDArray t = roundedToFloat(column(times(25, BATCH, 0.05, 0.95)));
    PathSample s64 = path.sample(x0, x1, t);
    PathSample s32 = path.sample(f32(x0), f32(x1), f32(t));
    assertEquals(DataType.FLOAT, s32.xt().dataType());
    assertEquals(DataType.FLOAT, s32.ut().dataType());
    INDArray a0 = abs(x0);
    INDArray a1 = abs(x1);
    PathSample plus = path.sample(a0, a1, t);
    PathSample minus = path.sample(a0.neg(), a1, t);
    double worst = Math.max(relativeTo(s64.xt(), s32.xt(), plus.xt(), minus.xt()),
        relativeTo(s64.ut(), s32.ut(), plus.ut(), minus.ut()));
    double plain = Math.max(relative(s64.xt(), s32.xt()), relative(s64.ut(), s32.ut()));
    INDArray xt = roundedToFloat(s64.xt());
    INDArray[] inputs = {roundedToFloat(s64.ut()), x1, x0};
    for (Parameterization from : ALL) {
      for (Parameterization to : ALL) {
        INDArray p = inputs[from.ordinal()];
        INDArray out32 = path.convert(f32(p), from, to, f32(xt), f32(t));
        assertEquals(DataType.FLOAT, out32.dataType(), from + " -> " + to);
        INDArray out64 = path.convert(p, from, to, xt, t);
        double err = relativeTo(out64, out32, path.convert(abs(p), from, to, abs(xt), t),
            path.convert(abs(p).negi(), from, to, abs(xt), t));
        worst = Math.max(worst, err);
        plain = Math.max(plain, relative(out64, out32));
        assertTrue(err < 1e-6, from + " -> " + to + ": error " + err + " of |A x_t| + |B p|");
      }
    }
    report("float32 vs double, of |A x| + |B y|", sc, worst);
    report("float32 vs double, of max(1, |out|)", sc, plain);
  }

  private static INDArray roundedToFloat(INDArray x) {
    return x.castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
  }

  private static INDArray abs(INDArray x) {
    return org.nd4j.linalg.ops.transforms.Transforms.abs(x, true);
  }

  /** max over entries of |expected - actual| / max(|plus|, |minus|). */
  private static double relativeTo(INDArray expected, INDArray actual, INDArray plus, INDArray minus) {
    double[] e = expected.dup().data().asDouble();
    double[] a = actual.castTo(DataType.DOUBLE).dup().data().asDouble();
    double[] p = plus.dup().data().asDouble();
    double[] m = minus.dup().data().asDouble();
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      double scale = Math.max(Math.abs(p[i]), Math.abs(m[i]));
      double err = Math.abs(e[i] - a[i]);
      worst = Math.max(worst, err == 0 ? 0 : err / scale);
    }
    return worst;
  }

  @Test
  void layoutsViewsAndSmallShapesGiveTheSameResult() {
    AffineProbabilityPath path = new AffineProbabilityPath(new VPScheduler());
    INDArray x0 = gaussian(26, 7, 3);
    INDArray x1 = gaussian(27, 7, 3);
    double[] ts = times(28, 7, 0, 1);
    PathSample reference = path.sample(x0, x1, column(ts));
    // t as a strided column of a wider matrix, x0 in Fortran order, x1 as a view into a bigger array.
    INDArray wide = Nd4j.rand(DataType.DOUBLE, 7, 3);
    wide.getColumn(1).assign(column(ts).reshape(7));
    INDArray tView = wide.getColumn(1, true);
    INDArray big = Nd4j.zeros(DataType.DOUBLE, 9, 3);
    INDArray x1View = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 9),
        org.nd4j.linalg.indexing.NDArrayIndex.all());
    x1View.assign(x1);
    PathSample viewed = path.sample(x0.dup('f'), x1View, tView);
    assertEquals(reference.xt(), viewed.xt());
    assertEquals(reference.ut(), viewed.ut());
    assertEquals(path.convert(x1, X1, EPSILON, reference.xt(), column(ts)),
        path.convert(x1View, X1, EPSILON, reference.xt().dup('f'), tView));
    // Batch 1 and dim 1, where a [1, 1] coefficient column is also a scalar.
    for (int[] shape : new int[][] {{1, 3}, {7, 1}, {1, 1}}) {
      INDArray a0 = x0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shape[0]),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shape[1])).dup();
      INDArray a1 = x1.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shape[0]),
          org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shape[1])).dup();
      INDArray tt = column(Arrays.copyOf(ts, shape[0]));
      PathSample small = path.sample(a0, a1, tt);
      double[][] e0 = a0.toDoubleMatrix();
      double[][] e1 = a1.toDoubleMatrix();
      for (int i = 0; i < shape[0]; i++) {
        Coefficients c = path.scheduler().orElseThrow().at(ts[i]);
        for (int j = 0; j < shape[1]; j++) {
          assertEquals(c.alpha() * e1[i][j] + c.sigma() * e0[i][j], small.xt().getDouble(i, j), 1e-15);
        }
      }
      NdAssert.assertClose(a0, path.convert(a1, X1, EPSILON, small.xt(), tt), 1e-12, Arrays.toString(shape));
    }
  }

  @Test
  void anEmptyBatchGivesEmptyOutputs() {
    AffineProbabilityPath path = new AffineProbabilityPath(new CosineScheduler());
    INDArray x = Nd4j.create(DataType.FLOAT, 0, 3);
    INDArray t = Nd4j.create(DataType.FLOAT, 0, 1);
    PathSample s = path.sample(x, x, t);
    assertArrayEquals(new long[] {0, 3}, s.xt().shape());
    assertArrayEquals(new long[] {0, 3}, s.ut().shape());
    assertArrayEquals(new long[] {0, 3}, path.convert(x, X1, VELOCITY, x, t).shape());
  }

  @Test
  void inputsAreNotModified() {
    AffineProbabilityPath path = new AffineProbabilityPath(new CondOTScheduler());
    INDArray x0 = gaussian(29, 4, 3);
    INDArray x1 = gaussian(30, 4, 3);
    INDArray t = column(0, 0.2, 0.9, 1);
    INDArray[] copies = {x0.dup(), x1.dup(), t.dup()};
    PathSample s = path.sample(x0, x1, t);
    for (Parameterization from : ALL) {
      for (Parameterization to : ALL) {
        path.convert(x1, from, to, s.xt(), t);
      }
    }
    assertEquals(copies[0], x0);
    assertEquals(copies[1], x1);
    assertEquals(copies[2], t);
  }

  @Test
  void nameAndSchedulerComeFromTheScheduler() {
    Scheduler vp = new VPScheduler();
    AffineProbabilityPath path = new AffineProbabilityPath(vp);
    assertEquals("vp", path.name());
    assertSame(vp, path.scheduler().orElseThrow());
    assertRejects(() -> new AffineProbabilityPath(null), "scheduler");
  }

  // ----------------------------------------------------------------------------------------- bad input

  @Test
  void badShapesAndTimesNameTheArgumentAndValue() {
    AffineProbabilityPath path = new AffineProbabilityPath(new CondOTScheduler());
    INDArray x = gaussian(31, 4, 3);
    INDArray t = column(0, 0.5, 0.5, 1);
    assertRejects(() -> path.sample(x, gaussian(32, 4, 2), t), "x1", "[4, 2]");
    assertRejects(() -> path.sample(x, gaussian(32, 5, 3), t), "x1", "[5, 3]");
    assertRejects(() -> path.sample(x.reshape(12), x, t), "x0", "[12]");
    assertRejects(() -> path.sample(x, x, column(0, 0.5, 1)), "t", "[3, 1]");
    assertRejects(() -> path.sample(x, x, Nd4j.zeros(DataType.DOUBLE, 4, 2)), "t", "[4, 2]");
    assertRejects(() -> path.sample(x, x, t.reshape(4)), "t", "[4]");
    assertRejects(() -> path.sample(x, x, column(0, 1.5, 0.5, 1)), "t", "1.5", "row 1");
    assertRejects(() -> path.sample(x, x, column(0, 0.5, -0.25, 1)), "t", "-0.25", "row 2");
    assertRejects(() -> path.sample(x, x, column(0, 0.5, 0.5, Double.NaN)), "t", "NaN", "row 3");
    assertRejects(() -> path.sample(null, x, t), "x0", "null");
    assertRejects(() -> path.sample(x, x.castTo(DataType.FLOAT), t), "x1", "FLOAT", "DOUBLE");
    assertRejects(() -> path.sample(x.castTo(DataType.INT32), x.castTo(DataType.INT32), t), "x0", "INT");

    assertRejects(() -> path.convert(x, X1, VELOCITY, gaussian(33, 4, 2), t), "xt", "[4, 2]");
    assertRejects(() -> path.convert(x, X1, VELOCITY, gaussian(33, 3, 3), t), "xt", "[3, 3]");
    assertRejects(() -> path.convert(x, X1, VELOCITY, x, column(0.5, 0.5)), "t", "[2, 1]");
    assertRejects(() -> path.convert(x, X1, VELOCITY, x, column(0.5, 2, 0.5, 0.5)), "t", "2.0", "row 1");
    assertRejects(() -> path.convert(x, X1, X1, x, column(0.5, 2, 0.5, 0.5)), "t", "2.0");
    assertRejects(() -> path.convert(x, null, X1, x, t), "from", "null");
    assertRejects(() -> path.convert(x, X1, null, x, t), "to", "null");
    assertRejects(() -> path.convert(x.castTo(DataType.FLOAT), X1, EPSILON, x, t), "xt", "DOUBLE", "FLOAT");
  }

  // ------------------------------------------------------------------------------------------- helpers

  private static AffineProbabilityPath path(SchedulerCase sc) {
    return new AffineProbabilityPath(sc.scheduler());
  }

  static INDArray gaussian(long seed, int rows, int cols) {
    return Rng.seeded(seed).gaussian(rows, cols, DataType.DOUBLE);
  }

  static double[] times(long seed, int n, double lo, double hi) {
    Rng rng = Rng.seeded(seed);
    double[] ts = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return ts;
  }

  static INDArray column(double... ts) {
    return Nd4j.create(ts, new long[] {ts.length, 1}, DataType.DOUBLE);
  }

  private static INDArray f32(INDArray x) {
    return x.castTo(DataType.FLOAT);
  }

  /** max |expected - actual| / max(1, max |expected|), in double. */
  static double relative(INDArray expected, INDArray actual) {
    INDArray e = expected.castTo(DataType.DOUBLE);
    double diff = NdAssert.maxAbsDiff(e, actual.castTo(DataType.DOUBLE));
    return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / Math.max(1, e.amaxNumber().doubleValue());
  }

  private static double check(INDArray expected, INDArray actual, String what, double tol) {
    double err = relative(expected, actual);
    assertTrue(err < tol, what + ": relative error " + err + " >= " + tol);
    return err;
  }

  private static void assertFinite(INDArray x, String what) {
    for (double v : x.dup().data().asDouble()) {
      assertTrue(Double.isFinite(v), what + " holds " + v);
    }
  }
}
