package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowmatch.experiments.ablation.Collect;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.ablation.Shards;
import org.flowmatch.experiments.ablation.Study;
import org.flowmatch.experiments.run.StopSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ablate", mixinStandardHelpOptions = true,
    description = {"Run every cell of an ablation grid into a study directory.",
        "A grid is a base config, overrides, axes and optionally plots. One training per distinct training "
            + "configuration, cells on parallel workers, resumable (a rerun skips finished cells and retries failed "
            + "ones), failures recorded per cell. Writes results.csv (one row per cell, with its model), "
            + "results.md, plots of metrics against NFE, per-model loss curves and samples, and the report page "
            + "index.html. Every cell is validated first: an invalid one is one line naming its axis, value and "
            + "key (exit 2, nothing written). Exit 1 when a cell failed or did not run, with the last lines saying "
            + "how many and where their errors are.",
        "On a cluster (docs/cluster.md): --shard I/N runs shard I of N into the same directory; --collect then "
            + "builds the tables from the finished cells and names the missing ones (exit 1 if any is missing)."})
final class AblateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRID.yaml", description = "The grid.")
  Path gridFile;

  @Option(names = "--workers", defaultValue = "1", description = "Cells in parallel (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--out", paramLabel = "DIR", description = "The study directory (default: studies/<grid name>).")
  Path out;

  @Option(names = "--retry-failed", arity = "1", defaultValue = "true", paramLabel = "true|false",
      description = "Whether a rerun runs the cells that failed before again (default: ${DEFAULT-VALUE}).")
  boolean retryFailed;

  @Option(names = "--shard", paramLabel = "I/N",
      description = "Run only shard I of N (1 <= I <= N): whole training groups, balanced by expected cost.")
  String shard;

  @Option(names = "--collect", description = "Build results.csv, results.md and the plots from the finished cells.")
  boolean collect;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Grid grid = Grid.load(gridFile);
    Path dir = out != null ? out : Path.of("studies", grid.name());
    if (collect && shard != null) {
      throw new IllegalArgumentException("--collect and --shard: give one (run the shards, then collect)");
    }
    Shards.Shard part = shard == null ? null : Shards.Shard.parse(shard);
    StopSignal stop = StopSignal.onShutdown();
    // A Ctrl-C waits for the cells in progress to write their results; the end of the command, however it ends,
    // releases that wait.
    try (StopSignal.Running running = stop.running()) {
      Study study = new Study(grid, dir, workers, System.out, stop).retryFailed(retryFailed);
      if (collect) {
        return Collect.report(study.collect(), dir, System.out);
      }
      if (part != null) {
        long unfinished = Shards.run(study, dir, part, System.out);
        System.out.println(dir);
        return unfinished == 0 ? 0 : 1;
      }
      Study.Outcome outcome = study.run();
      System.out.println(outcome.dir());
      if (outcome.failed() > 0) {
        System.out.printf(Locale.ROOT, "%d of %d cells failed: their errors are in %s and the error column of %s%n",
            outcome.failed(), outcome.cells(), outcome.dir().resolve("cells").resolve("ID").resolve("error.txt"),
            outcome.dir().resolve("results.csv"));
      }
      if (outcome.pending() > 0) {
        System.out.printf(Locale.ROOT, "%d of %d cells did not run (interrupted): run the same command again to"
            + " finish them%n", outcome.pending(), outcome.cells());
      }
      return outcome.complete() ? 0 : 1;
    }
  }
}
