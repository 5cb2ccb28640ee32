package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowmatch.experiments.run.Csv;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.LikelihoodCsv;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "likelihood", mixinStandardHelpOptions = true,
    description = {"Log-likelihoods (nats) of points under a trained run (or an oracle config).",
        "Reads one point per line, comma-separated, header optional; writes the points with columns",
        "log_likelihood, nfe and, when the data density is known, true_log_density."})
final class LikelihoodCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. likelihood.solver.rtol=1e-7.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--points", required = true, paramLabel = "FILE.csv", description = "The points.")
  Path points;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the results.")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists.")
  boolean force;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Target.checkOutput(out, force);
    Target t = Target.load(target, overrides);
    INDArray x = Csv.readPoints(points, t.experiment().data().dim());
    if (!t.experiment().source().hasDensity()) {
      throw new IllegalArgumentException("source '" + t.experiment().source().name()
          + "' has no closed-form density, so log-likelihoods cannot be computed");
    }
    LogLikelihood.Result result = t.experiment().likelihood().compute(t.model(), t.experiment().source(),
        x.castTo(t.model().dataType()), t.experiment().seeds().likelihood().copy());
    LikelihoodCsv.write(out, x, result, t.experiment().data());
    System.out.printf(Locale.ROOT, "%d points, mean log-likelihood %.4f nats (nfe %d) -> %s%n", x.rows(),
        result.logLikelihood().meanNumber().doubleValue(), result.nfe(), out);
    return 0;
  }
}
