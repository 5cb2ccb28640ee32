package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowmatch.experiments.ablation.Grid;
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
            + "how many and where their errors are."})
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

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Grid grid = Grid.load(gridFile);
    Path dir = out != null ? out : Path.of("studies", grid.name());
    Study.Outcome outcome = new Study(grid, dir, workers, System.out, StopSignal.onShutdown())
        .retryFailed(retryFailed).run();
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
