package org.flowmatch.experiments.cli;

import java.nio.file.Path;
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
            + "index.html. The last line is the study directory."})
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
    Path result = new Study(grid, dir, workers, System.out, StopSignal.onShutdown()).retryFailed(retryFailed)
        .run();
    System.out.println(result);
    return 0;
  }
}
