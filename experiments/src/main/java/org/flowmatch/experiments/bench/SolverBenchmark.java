package org.flowmatch.experiments.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.GaussianMixtureVelocity;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The solver benchmark: every solver on the exact velocity of an 8-component Gaussian mixture in 2-D (eight
 * Gaussians on a circle of radius 5, as torchcfm samples them) under the CondOT path, for a batch of 10,000: NFE,
 * row-evaluations, wall time, and the error of the samples against a dopri5 solve at 1e-10; and Dormand-Prince
 * with one step size for the batch against one per row at rtol = atol = 1e-5.
 */
public final class SolverBenchmark {
  private SolverBenchmark() {}

  /** One line of the table. */
  public record Row(String solver, String control, int nfe, long rowEvaluations, double seconds, double rmsError,
      double maxError) {}

  public static List<Row> run(PrintStream out) {
    GaussianMixture mixture = eightGaussians();
    GaussianMixtureVelocity field = new GaussianMixtureVelocity(mixture, new CondOTScheduler());
    INDArray x0 = new StandardGaussian(2).sample(10_000, Rng.seeded(0));
    INDArray reference = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-10, 1e-10, ErrorControl.PER_ROW)
        .solve(field, x0, 0, 1).finalState();
    List<Row> rows = new ArrayList<>();
    for (int steps : new int[] {10, 100}) {
      for (var t : List.of(Tableaus.EULER, Tableaus.MIDPOINT, Tableaus.HEUN, Tableaus.RK4)) {
        rows.add(measure(RungeKuttaSolver.fixed(t, steps), steps + " steps", field, x0, reference));
      }
    }
    for (ErrorControl mode : ErrorControl.values()) {
      rows.add(measure(RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-5, 1e-5, mode),
          "rtol=atol=1e-5 " + mode.name().toLowerCase(Locale.ROOT).replace('_', '-'), field, x0, reference));
    }
    out.printf(Locale.ROOT, "%-9s %-26s %6s %14s %9s %11s %11s%n", "solver", "control", "nfe", "row-evals",
        "wall (s)", "rms error", "max error");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "%-9s %-26s %6d %14d %9.3f %11.2e %11.2e%n", r.solver(), r.control(), r.nfe(),
          r.rowEvaluations(), r.seconds(), r.rmsError(), r.maxError());
    }
    return rows;
  }

  private static Row measure(OdeSolver solver, String control, GaussianMixtureVelocity field, INDArray x0,
      INDArray reference) {
    solver.solve(field, x0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 500),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), 0, 1); // warm-up
    long t0 = System.nanoTime();
    OdeSolution solution = solver.solve(field, x0, 0, 1);
    double seconds = (System.nanoTime() - t0) / 1e9;
    INDArray error = Transforms.sqrt(Transforms.pow(solution.finalState().sub(reference), 2).sum(1));
    double rms = Math.sqrt(Transforms.pow(error, 2).meanNumber().doubleValue());
    return new Row(solver.name(), control, solution.nfe(), solution.rowEvaluations(), seconds, rms,
        error.maxNumber().doubleValue());
  }

  /** torchcfm's eight Gaussians: radius 5, covariance sqrt(0.1) I. */
  static GaussianMixture eightGaussians() {
    double[] w = new double[8];
    double[][] mu = new double[8][];
    double[] s = new double[8];
    for (int k = 0; k < 8; k++) {
      w[k] = 1;
      mu[k] = new double[] {5 * Math.cos(k * Math.PI / 4), 5 * Math.sin(k * Math.PI / 4)};
      s[k] = Math.pow(0.1, 0.25);
    }
    return new GaussianMixture(w, mu, s);
  }

  public static void main(String[] args) {
    run(System.out);
    DataType.values();
  }
}
