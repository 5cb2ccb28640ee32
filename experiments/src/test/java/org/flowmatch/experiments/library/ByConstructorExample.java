package org.flowmatch.experiments.library;

import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.GaussianMixtureVelocity;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Components by constructor: the exact velocity of a mixture, a solver, samples and log-likelihoods. */
public final class ByConstructorExample {

  /** Returns the largest |log p(x) from the flow - log p(x) exact| over 200 samples. */
  public static double run() {
    GaussianMixture data = new GaussianMixture(new double[] {1, 1}, new double[][] {{-2, 0}, {2, 0}},
        new double[] {0.5, 0.5});
    StandardGaussian source = new StandardGaussian(2);
    GaussianMixtureVelocity velocity = new GaussianMixtureVelocity(data, new CondOTScheduler(0));

    OdeSolver rk4 = RungeKuttaSolver.fixed(Tableaus.RK4, 20);
    INDArray x0 = source.sample(200, Rng.seeded(1));
    INDArray samples = rk4.solve(velocity, x0, 0, 1).finalState();

    OdeSolver dopri5 = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-8, 1e-8, ErrorControl.SHARED);
    LogLikelihood likelihood = new LogLikelihood(dopri5, new ExactDivergence());
    INDArray logp = likelihood.compute(velocity, source, samples, Rng.seeded(2)).logLikelihood();
    return logp.sub(data.logDensity(samples)).amaxNumber().doubleValue();
  }
}
