package org.flowmatch.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.flowmatch.core.NdArrays;
import org.flowmatch.experiments.CountingModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.solvers.Adaptive;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fixed costs of a 2-D run (docs/performance.md): the plots reuse the evaluation's samples and their paths
 * instead of solving them again, and the log-density grid is one batched likelihood solve with per-point error
 * control. The exact flow of a Gaussian mixture (the oracle) has the mixture's own density, a closed form to check
 * the grid against.
 */
class FixedCostsTest {
  private static final String ORACLE = """
      name: oracle
      data: {type: four-clusters}
      model: {type: gmm-oracle}
      path: {type: condot}
      solver: {type: dopri5, rtol: 1.0e-5, atol: 1.0e-5}
      likelihood: {points: 20, solver: {type: dopri5, rtol: 1.0e-7, atol: 1.0e-7}}
      eval: {samples: 80, trajectories: 30, frames: 9, resolution: 12, metrics: [w2, nll_nats]}
      """;

  private static Experiment oracle(String... overrides) {
    return Experiment.build(ExperimentConfig.parse(ORACLE, "t.yaml").withOverrides(List.of(overrides)));
  }

  @Test
  void recordingThePathsChangesNoSampleAndNoValue() {
    Experiment e = oracle();
    Evaluation plain = Evaluation.of(e, e.model(), new ReferenceCache());
    Evaluation recorded = Evaluation.of(e, e.model(), new ReferenceCache(), 9);
    assertArrayEquals(NdArrays.toDoubles(plain.context().sampleArray()),
        NdArrays.toDoubles(recorded.context().sampleArray()), "the same samples, bit for bit");
    assertEquals(plain.values().keySet(), recorded.values().keySet());
    for (String key : List.of("nfe", "row_evaluations", "w2", "nll_nats", "likelihood_nfe")) {
      assertEquals(plain.values().get(key), recorded.values().get(key), key);
    }
    assertEquals(0, plain.context().samplingSolve().outputStates().size());
    assertEquals(9, recorded.context().samplingSolve().outputStates().size());
  }

  @Test
  void theTrajectoriesAreTheSamplesOwnPaths() {
    Experiment e = oracle();
    Evaluation ev = Evaluation.of(e, e.model(), new ReferenceCache(), 9);
    Trajectories t = Trajectories.first(ev.context().samplingSolve(), 30);
    assertEquals(30, t.paths().length);
    assertArrayEquals(new double[] {0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1}, t.times());
    double[][] samples = NdArrays.rows(ev.context().sampleArray());
    // They start where a separate solve of 30 paths started (the first rows of the same stream) and end at the
    // plotted samples.
    double[][] starts = NdArrays.rows(e.source().sample(30, e.seeds().sample().copy()));
    for (int i = 0; i < 30; i++) {
      assertArrayEquals(starts[i], t.paths()[i][0], "start of path " + i);
      assertArrayEquals(samples[i], t.paths()[i][8], "end of path " + i);
    }
  }

  @Test
  void aRunSolvesItsSamplesOnceForMetricsAndPlots(@TempDir Path dir) throws Exception {
    Experiment e = oracle();
    CountingModel model = new CountingModel(e.model());
    RunDirectory run = RunDirectory.create(dir, "oracle", LocalDateTime.of(2026, 1, 1, 0, 0));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Runner runner = new Runner(e, run, new PrintStream(text, true, StandardCharsets.UTF_8), StopSignal.never(),
        "test").withAnimation();
    runner.begin();
    runner.evaluate(model);
    // The sampling solve of 80 rows is the only one: no solve of the 30 trajectories (nor of 80 again).
    assertTrue(model.velocityRows.stream().noneMatch(r -> r == 30), "trajectories solved again: "
        + model.velocityRows);
    String manifest = Files.readString(run.resolve(RunDirectory.MANIFEST));
    assertTrue(!manifest.contains("\"trajectories\""), manifest);
    for (String png : List.of("samples.png", "log-density.png", "trajectories.png")) {
      assertTrue(Files.size(run.plots().resolve(png)) > 0, png);
    }
    assertTrue(Files.size(run.resolve(Runner.ANIMATION)) > 0);
  }

  @Test
  void fewerSamplesThanTrajectoriesAreSolvedOnTheirOwn() {
    assertEquals(9, Runner.pathFrames(oracle()));
    assertEquals(0, Runner.pathFrames(oracle("eval.samples=20")));
  }

  @Test
  void theGridIsOneBatchedSolve() {
    Experiment e = oracle();
    CountingModel model = new CountingModel(e.model());
    double[] window = {-4, 4, -3, 5};
    double[][] grid = DensityGrid.learned(e.likelihood(), model, e.source(), 12, window, e.seeds().likelihood());
    // One solve of the 144 points: its calls are those of the same solve made directly, the first on all of them.
    LogLikelihood.Result direct = DensityGrid.perPoint(e.likelihood()).compute(e.model(), e.source(),
        DensityGrid.points(12, window), e.seeds().likelihood());
    assertEquals(direct.nfe(), model.linearizeRows.size(), "calls " + model.linearizeRows);
    assertEquals(144, model.linearizeRows.get(0));
    double[] values = NdArrays.toDoubles(direct.logLikelihood());
    for (int iy = 0; iy < 12; iy++) {
      for (int ix = 0; ix < 12; ix++) {
        assertEquals(values[iy * 12 + ix], grid[iy][ix], 0.0, "cell " + ix + ", " + iy);
      }
    }
  }

  @Test
  void theExactFlowsGridIsTheDataDensity() {
    Experiment e = oracle();
    double[] window = {-4, 4, -3, 5};
    double[][] learned = DensityGrid.learned(e.likelihood(), e.model(), e.source(), 12, window,
        e.seeds().likelihood());
    double[][] truth = DensityGrid.of(e.data(), 12, window);
    for (int iy = 0; iy < 12; iy++) {
      for (int ix = 0; ix < 12; ix++) {
        // cell (ix, iy) is centred at x = -4 + 8 (ix + 0.5) / 12, y = -3 + 8 (iy + 0.5) / 12
        assertEquals(truth[iy][ix], learned[iy][ix], 1e-4, "cell " + ix + ", " + iy);
      }
    }
    double x = -4 + 8 * 0.5 / 12;
    double y = -3 + 8 * 11.5 / 12;
    double[] p = NdArrays.toDoubles(e.data().logDensity(NdArrays.matrix(new double[] {x, y}, 1, 2,
        DataType.DOUBLE)));
    assertEquals(p[0], truth[11][0], 0.0, "row 11, column 0 is the top left cell");
  }

  @Test
  void perPointControlKeepsTheSolversSettings() {
    LogLikelihood shared = new LogLikelihood(new RungeKuttaSolver(Tableaus.DOPRI5,
        new Adaptive(1e-4, 1e-6, ErrorControl.SHARED, 500, 1e-9, 0.8, 0.3, 5)), new ExactDivergence());
    LogLikelihood each = DensityGrid.perPoint(shared);
    RungeKuttaSolver solver = (RungeKuttaSolver) each.solver();
    assertSame(Tableaus.DOPRI5, solver.tableau());
    assertEquals(new Adaptive(1e-4, 1e-6, ErrorControl.PER_ROW, 500, 1e-9, 0.8, 0.3, 5), solver.control());
    assertSame(shared.divergence(), each.divergence());
    LogLikelihood fixed = new LogLikelihood(RungeKuttaSolver.fixed(Tableaus.RK4, 8), new ExactDivergence());
    assertSame(fixed, DensityGrid.perPoint(fixed));
  }
}
