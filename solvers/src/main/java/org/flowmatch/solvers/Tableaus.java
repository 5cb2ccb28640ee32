package org.flowmatch.solvers;

/** The methods that ship with flowmatch. */
public final class Tableaus {
  private Tableaus() {}

  /** Forward Euler, order 1; dense output is linear. */
  public static final ButcherTableau EULER = new ButcherTableau("euler", 1,
      new double[] {0}, new double[][] {{}}, new double[] {1}, null, 0, false,
      new double[][] {{1}});

  /** The explicit midpoint rule, order 2; dense output b_1 = theta - theta^2, b_2 = theta^2 (order 2). */
  public static final ButcherTableau MIDPOINT = new ButcherTableau("midpoint", 2,
      new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}, null, 0, false,
      new double[][] {{1, -1}, {0, 1}});

  /** Heun's method (explicit trapezoid), order 2; dense output b_1 = theta - theta^2/2, b_2 = theta^2/2. */
  public static final ButcherTableau HEUN = new ButcherTableau("heun", 2,
      new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null, 0, false,
      new double[][] {{1, -0.5}, {0, 0.5}});

  /** The classical fourth-order Runge-Kutta method, with its third-order continuous extension. */
  public static final ButcherTableau RK4 = new ButcherTableau("rk4", 4,
      new double[] {0, 0.5, 0.5, 1},
      new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
      new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null, 0, false,
      new double[][] {{1, -1.5, 2.0 / 3}, {0, 1, -2.0 / 3}, {0, 1, -2.0 / 3}, {0, -0.5, 2.0 / 3}});

  /**
   * Kutta's 3/8 rule, order 4: flow_matching's {@code rk4} (its RiemannianODESolver steps with these weights),
   * with a third-order continuous extension (b_1 = theta - 15/8 theta^2 + theta^3, b_2 = 15/8 theta^2 - 3/2
   * theta^3, b_3 = 3/8 theta^2, b_4 = -3/8 theta^2 + theta^3 / 2).
   */
  public static final ButcherTableau RK38 = new ButcherTableau("rk4-38", 4,
      new double[] {0, 1.0 / 3, 2.0 / 3, 1},
      new double[][] {{}, {1.0 / 3}, {-1.0 / 3, 1}, {1, -1, 1}},
      new double[] {1.0 / 8, 3.0 / 8, 3.0 / 8, 1.0 / 8}, null, 0, false,
      new double[][] {{1, -15.0 / 8, 1}, {0, 15.0 / 8, -1.5}, {0, 3.0 / 8, 0}, {0, -3.0 / 8, 0.5}});

  /**
   * Dormand-Prince 5(4) (Dormand and Prince 1980): fifth-order solution, fourth-order embedded estimate, FSAL,
   * and the fourth-order continuous extension of Hairer, Norsett and Wanner (Solving ODEs I, II.6).
   */
  public static final ButcherTableau DOPRI5 = new ButcherTableau("dopri5", 5,
      new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
      new double[][] {
          {},
          {1.0 / 5},
          {3.0 / 40, 9.0 / 40},
          {44.0 / 45, -56.0 / 15, 32.0 / 9},
          {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
          {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
          {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
      new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
      new double[] {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40},
      4, true,
      new double[][] {
          {1, -8048581381.0 / 2820520608.0, 8663915743.0 / 2820520608.0, -12715105075.0 / 11282082432.0},
          {0, 0, 0, 0},
          {0, 131558114200.0 / 32700410799.0, -68118460800.0 / 10900136933.0, 87487479700.0 / 32700410799.0},
          {0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304.0, -10690763975.0 / 1880347072.0},
          {0, 127303824393.0 / 49829197408.0, -318862633887.0 / 49829197408.0, 701980252875.0 / 199316789632.0},
          {0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844},
          {0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423}});
}
