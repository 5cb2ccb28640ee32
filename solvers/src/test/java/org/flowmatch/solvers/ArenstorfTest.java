package org.flowmatch.solvers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Arenstorf orbit against an independent Dormand-Prince implementation (commons-math3's
 * DormandPrince54Integrator) over one period, rescaled to s in [0, 1]. Both use the same controller (error norm:
 * root-mean-square of the error over atol + rtol max(|y_n|, |y_n+1|); next step h min(10, max(0.2, 0.9 err^-1/5));
 * Hairer-Norsett-Wanner's initial step), so at equal tolerances they agree far more closely than either agrees
 * with the orbit, and do the same work. Measured at 1e-12: difference 8.8e-11, return to the start within 3.9e-8,
 * 11996 evaluations each; at 1e-9: difference 1.3e-9, 3062 evaluations against 3086.
 */
class ArenstorfTest {

  @ParameterizedTest(name = "tol {0}")
  @ValueSource(doubles = {1e-9, 1e-12})
  void agreesWithCommonsMathDormandPrinceOverOnePeriod(double tol) {
    TestProblem orbit = TestProblems.arenstorfOrbit();
    INDArray y0 = orbit.initialStates();
    OdeSolution ours = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, tol, tol, ErrorControl.SHARED)
        .solve(orbit, y0, 0, 1);
    double[] y = NdArrays.toDoubles(ours.finalState());

    DormandPrince54Integrator reference = new DormandPrince54Integrator(1e-14, 1, tol, tol);
    double[] z = TestProblems.ARENSTORF_Y0.clone();
    reference.integrate(new FirstOrderDifferentialEquations() {
      @Override
      public int getDimension() {
        return 4;
      }

      @Override
      public void computeDerivatives(double s, double[] state, double[] derivative) {
        TestProblems.arenstorf(state, derivative);
        for (int i = 0; i < 4; i++) {
          derivative[i] *= TestProblems.ARENSTORF_PERIOD;
        }
      }
    }, 0, z, 1, z);

    double difference = 0;
    double oursToStart = 0;
    double referenceToStart = 0;
    for (int i = 0; i < 4; i++) {
      difference = Math.max(difference, Math.abs(y[i] - z[i]));
      oursToStart = Math.max(oursToStart, Math.abs(y[i] - TestProblems.ARENSTORF_Y0[i]));
      referenceToStart = Math.max(referenceToStart, Math.abs(z[i] - TestProblems.ARENSTORF_Y0[i]));
    }
    System.out.printf("arenstorf tol %.0e: |ours - commons-math| = %.2e, |ours - y0| = %.2e, |commons - y0| = %.2e,"
        + " nfe %d vs %d evaluations, %d steps (%d rejected)%n", tol, difference, oursToStart, referenceToStart,
        ours.nfe(), reference.getEvaluations(), ours.maxAcceptedSteps(), ours.maxRejectedSteps());
    if (tol <= 1e-12) {
      assertTrue(difference <= 1e-7, "differs from commons-math3 by " + difference);
      assertTrue(oursToStart <= 1e-6, "does not return to the start after one period: " + oursToStart);
      assertTrue(referenceToStart <= 1e-6, "commons-math3 does not return to the start: " + referenceToStart);
    } else {
      // Nearly the same step sequence: the two agree to about the tolerance, 20x closer than to the orbit. (An
      // error exponent of 1/4 instead of 1/5 gives 4e-6 here, an error scale on |y_n| alone 7e-8.)
      assertTrue(difference <= 20 * tol, "differs from commons-math3 by " + difference);
    }
    // The same method and controller: the work must be alike too.
    assertEquals(reference.getEvaluations(), ours.nfe(), 0.02 * reference.getEvaluations(), "evaluations");
  }
}
