package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowmatch.core.Checks;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.experiments.run.Csv;
import org.flowmatch.experiments.run.Runner;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Draw N samples from a trained run (or an oracle config) into a CSV, one per line.")
final class SampleCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. solver.type=rk4 solver.steps=8.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--n", required = true, description = "How many samples.")
  int n;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write them.")
  Path out;

  @Option(names = "--seed", description = "Seed of the source samples (default: the run's sampling stream).")
  Long seed;

  @Option(names = "--force", description = "Overwrite --out if it exists.")
  boolean force;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Checks.positive(n, "--n");
    Target.checkOutput(out, force);
    Target t = Target.load(target, overrides);
    INDArray x0 = t.experiment().source().sample(n, seed == null ? t.experiment().seeds().sample().copy()
        : org.flowmatch.core.Rng.seeded(seed)).castTo(t.model().dataType());
    OdeSolution solution = t.experiment().sampler().solve(t.model(), x0, 0, 1);
    Csv.write(out, Runner.header("dim", t.experiment().data().dim()), solution.finalState());
    System.out.printf("%d samples (%s, nfe %d) -> %s%n", n, t.experiment().sampler(), solution.nfe(), out);
    return 0;
  }
}
