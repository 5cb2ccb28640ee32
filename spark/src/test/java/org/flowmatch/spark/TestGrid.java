package org.flowmatch.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small grid of the Spark tests: 4 trainings (seeds) of a few hundred steps, 2 solvers each: 8 cells. */
final class TestGrid {
  private TestGrid() {}

  static Path write(Path dir, int steps) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), """
        seed: 0
        data: {type: four-clusters}
        model: {width: 32, depth: 2}
        train: {steps: %d, batch_size: 64, log_every: 0, checkpoint_every: 100}
        solver: {type: rk4, steps: 4}
        likelihood: {points: 50, solver: {type: rk4, steps: 4}}
        eval: {samples: 200, trajectories: 20, frames: 5}
        """.formatted(steps));
    return Files.writeString(dir.resolve("grid.yaml"), """
        base: base.yaml
        axes:
          seed: [0, 1, 2, 3]
          solver:
            - {label: "rk4 4", solver.type: rk4, solver.steps: 4}
            - {label: "euler 8", solver.type: euler, solver.steps: 8}
        """);
  }
}
