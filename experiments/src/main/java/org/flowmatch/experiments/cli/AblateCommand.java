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
        "A grid is a base config, overrides and axes. One training per distinct training configuration, "
            + "cells on parallel workers, resumable (a rerun skips finished cells), failures recorded per cell. "
            + "Writes results.csv, results.md (mean +- std over seeds) and plots of metrics against NFE with "
            + "Pareto fronts. The last line is the study directory."})
final class AblateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRID.yaml", description = "The grid.")
  Path gridFile;

  @Option(names = "--workers", defaultValue = "1", description = "Cells in parallel (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--out", paramLabel = "DIR", description = "The study directory (default: studies/<grid name>).")
  Path out;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Grid grid = Grid.load(gridFile);
    Path dir = out != null ? out : Path.of("studies", grid.name());
    Path result = new Study(grid, dir, workers, System.out, StopSignal.onShutdown()).run();
    System.out.println(result);
    return 0;
  }
}
