/**
 * ODE solvers: one explicit Runge-Kutta engine ({@link org.flowmatch.solvers.RungeKuttaSolver}) that runs any
 * {@link org.flowmatch.solvers.ButcherTableau} under a {@link org.flowmatch.solvers.StepControl} (a fixed time grid,
 * or adaptive error control shared by the batch or per row). Euler, midpoint, Heun, RK4 and Dormand-Prince 5(4) are
 * data in {@link org.flowmatch.solvers.Tableaus}, not classes with loops of their own.
 */
package org.flowmatch.solvers;
