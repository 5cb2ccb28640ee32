package org.flowmatch.experiments.cli;

import java.util.concurrent.Callable;
import org.flowmatch.experiments.bench.DigitsBenchmark;
import org.flowmatch.experiments.bench.MetricBenchmark;
import org.flowmatch.experiments.bench.SolverBenchmark;
import org.flowmatch.experiments.bench.SpeedBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"The speed benchmark of the reference configuration (MLP 3-256-256-256-2, batch 512).",
        "Measures training steps/s, 100 Euler steps for 10,000 samples and resident memory; its last line "
            + "has the form of shared/bench/torch_reference.py. Before it, the digits line: the shipped digits "
            + "config's training steps/s and seconds for 1000 guided samples. With --solvers, the solver benchmark on the "
            + "Gaussian-mixture oracle; with --metrics, the cost of each default metric at the default sizes. "
            + "Cores: FLOWMATCH_THREADS (default: all); every ND4J op itself runs on one thread."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "1000", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--memory-steps", defaultValue = "0",
      description = "Train this many steps in all before the second memory reading (the issue asks 20000).")
  int memorySteps;

  @Option(names = "--digits-steps", defaultValue = "200",
      description = "Timed training steps of the digits line; 0 skips it (default: ${DEFAULT-VALUE}).")
  int digitsSteps;

  @Option(names = "--solvers", description = "Run the solver benchmark instead.")
  boolean solvers;

  @Option(names = "--metrics", description = "Measure the cost of each default metric at the default sizes instead.")
  boolean metrics;

  @Option(names = "--rounds", defaultValue = "5", description = "Rounds of --metrics (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    if (metrics) {
      MetricBenchmark.run(rounds, System.out);
    } else if (solvers) {
      SolverBenchmark.run(System.out);
    } else {
      // The digits line first: the reference line stays last, where experiments/bench/compare.sh reads it.
      if (digitsSteps > 0) {
        DigitsBenchmark.run(DemoCommand.builtIn("configs/digits.yaml"), digitsSteps, System.out);
      }
      SpeedBenchmark.run(steps, memorySteps, System.out);
    }
    return 0;
  }
}
