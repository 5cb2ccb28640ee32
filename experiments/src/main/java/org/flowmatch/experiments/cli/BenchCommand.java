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
    description = {"The speed benchmark of docs/performance.md: one key=value line per workload.",
        "Workloads, in the form of experiments/bench/torch_reference.py: small (3 x 64 SELU, batch 256), otcfm (the "
            + "same with exact OT), otplan (the exact OT plan alone, 256 and 512 points), reference (3 x 256 SiLU, "
            + "batch 512: training, 100 Euler steps for 10,000 samples, resident memory), and digits (the shipped "
            + "digits config's training steps/s and seconds for 1000 guided samples); on request also ensemble "
            + "(five seeds of small: one after another, together, and on one thread, which bounds what together can "
            + "gain). With --solvers, the solver "
            + "benchmark; with --metrics, the cost of each default metric at the default sizes. Cores: "
            + "FLOWMATCH_THREADS (default: all); every ND4J op itself runs on one thread."})
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "1000", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--memory-steps", defaultValue = "0",
      description = "Train the reference workload to this many steps after its warm-up, reading its memory every "
          + "5000 (issue 11 asks 20000; default: the timed steps only).")
  int memorySteps;

  @Option(names = "--workloads", split = ",", defaultValue = "digits,small,otcfm,otplan,reference",
      description = "Comma-separated workloads to run (default: ${DEFAULT-VALUE}).")
  java.util.List<String> workloads;

  @Option(names = "--digits-steps", defaultValue = "200",
      description = "Timed training steps of the digits workload (default: ${DEFAULT-VALUE}).")
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
      for (String w : workloads) {
        if (!SpeedBenchmark.WORKLOADS.contains(w) && !SpeedBenchmark.EXTRA_WORKLOADS.contains(w)
            && !"digits".equals(w)) {
          throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
              "--workloads: unknown workload '" + w + "'; valid: digits, " + String.join(", ", SpeedBenchmark.WORKLOADS)
                  + ", " + String.join(", ", SpeedBenchmark.EXTRA_WORKLOADS));
        }
      }
      if (workloads.contains("digits")) {
        DigitsBenchmark.run(DemoCommand.builtIn("configs/digits.yaml"), digitsSteps, System.out);
      }
      SpeedBenchmark.run(steps, memorySteps, new java.util.HashSet<>(workloads), System.out);
    }
    return 0;
  }
}
