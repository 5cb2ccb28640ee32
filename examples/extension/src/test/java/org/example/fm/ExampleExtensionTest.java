package org.example.fm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flowmatch.core.NdArrays;
import org.flowmatch.experiments.cli.Main;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Every recipe of docs/extending.md, run through flowmatch with this project's jar on the class path. */
class ExampleExtensionTest {
  private static final String ORACLE = """
      data: {type: gaussian-mixture, weights: [1, 2], means: [[-2.0, 0.0], [2.0, 1.0]], stds: [0.4, 0.6]}
      model: {type: gmm-oracle}
      """;

  private static Experiment build(String yaml, String... overrides) {
    return Experiment.build(ExperimentConfig.parse(yaml, "t.yaml").withOverrides(List.of(overrides)));
  }

  private static String run(String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertEquals(0, Main.execute(args), String.join(" ", args));
      return bytes.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void flowmatchListsEveryComponentOfTheJar() {
    String list = run("list");
    for (String name : List.of("sine", "rk38", "bosh3", "ring", "linear", "second_moment_gap")) {
      assertTrue(list.contains("  " + name + " "), name + " in:\n" + list);
    }
  }

  @Test
  void kuttasThreeEighthsRuleConvergesAtOrderFourAndItsDenseOutputAtOrderThree() {
    Experiment e = build(ORACLE, "solver.type=rk38");
    INDArray x0 = e.source().sample(200, e.seeds().sample().copy());
    Experiment tight = build(ORACLE, "solver.type=dopri5", "solver.rtol=1e-12", "solver.atol=1e-12");
    double[] times = {0, 0.3, 1};
    var reference = tight.sampler().solve(e.model(), x0, 0, 1, times, org.flowmatch.core.StepObserver.NONE);
    double[] end = new double[2];
    double[] middle = new double[2];
    for (int i = 0; i < 2; i++) {
      Experiment k = build(ORACLE, "solver.type=rk38", "solver.steps=" + (32 << i));
      var s = k.sampler().solve(k.model(), x0, 0, 1, times, org.flowmatch.core.StepObserver.NONE);
      end[i] = Transforms.abs(s.finalState().sub(reference.finalState())).maxNumber().doubleValue();
      middle[i] = Transforms.abs(s.outputStates().get(1).sub(reference.outputStates().get(1))).maxNumber()
          .doubleValue();
    }
    double order = Math.log(end[0] / end[1]) / Math.log(2);
    assertEquals(4, order, 0.4, "order at t = 1: " + order);
    // t = 0.3 falls inside a step, so the continuous extension (order 3) sets the error there
    double dense = Math.log(middle[0] / middle[1]) / Math.log(2);
    assertTrue(dense > 2.6, "order of the dense output: " + dense);
  }

  @Test
  void theSinePathCarriesTheOracleExactlyLikelihoodsMatchTheMixture() {
    Experiment e = build(ORACLE, "path.type=sine", "likelihood.solver.type=bosh3", "likelihood.solver.rtol=1e-8",
        "likelihood.solver.atol=1e-8");
    INDArray points = e.data().sample(500, e.seeds().heldOut().copy());
    LogLikelihood.Result r = e.likelihood().compute(e.model(), e.source(), points, e.seeds().likelihood().copy());
    double error = Transforms.abs(r.logLikelihood().sub(e.data().logDensity(points))).maxNumber().doubleValue();
    assertTrue(error < 2e-6, "max |log p_flow - log p_true| = " + error);
  }

  @Test
  void theLinearModelHasItsClosedFormLikelihood() {
    Experiment e = build("data: {type: gaussian-mixture, weights: [1], means: [[0.5, -1.0]], stds: [0.7]}\n",
        "model.type=linear", "model.rate=0.5", "likelihood.solver.rtol=1e-8", "likelihood.solver.atol=1e-8");
    INDArray x1 = e.data().sample(300, e.seeds().heldOut().copy());
    LogLikelihood.Result r = e.likelihood().compute(e.model(), e.source(), x1, e.seeds().likelihood().copy());
    // x1 = e^{-c} x0, so log p1(x1) = log N(e^c x1) + c d
    INDArray expected = e.source().logDensity(x1.mul(Math.exp(0.5))).add(0.5 * 2);
    double error = Transforms.abs(r.logLikelihood().sub(expected)).maxNumber().doubleValue();
    assertTrue(error < 1e-6, "max error " + error);
  }

  @Test
  void theMetricReadsTheSharedSamplesAndIsChosenByName() {
    Experiment e = build(ORACLE, "solver.type=rk38", "solver.steps=8", "eval.samples=300",
        "eval.metrics=[second_moment_gap]");
    Evaluation ev = Evaluation.of(e, e.model(), new ReferenceCache());
    double[][] x = NdArrays.rows(e.sampler().solve(e.model(), e.source().sample(300, e.seeds().sample().copy()),
        0, 1).finalState());
    double[][] y = NdArrays.rows(e.data().sample(300, e.seeds().heldOut().copy()));
    double expected = Math.abs(SecondMomentGap.meanSquaredNorm(x) - SecondMomentGap.meanSquaredNorm(y));
    assertEquals(expected, (double) ev.values().get("second_moment_gap"), 1e-12);
    assertEquals(List.of("sample_s", "samples", "nfe", "row_evaluations", "second_moment_gap"),
        List.copyOf(ev.values().keySet()));
  }

  @Test
  void aNetworkTrainsOnTheRingAndTheRunRecordsTheMetric(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("ring.yaml"), """
        data: {type: ring, radius: 2.0}
        model: {width: 16, depth: 1}
        train: {steps: 20, batch_size: 64, log_every: 0}
        solver: {type: rk38, steps: 4}
        likelihood: {points: 20, solver: {type: rk38, steps: 4}}
        eval: {samples: 100, trajectories: 10, frames: 4, resolution: 8, metrics: [second_moment_gap, sliced_w2]}
        """);
    String out = run("train", config.toString(), "--runs", dir.resolve("runs").toString());
    Path runDir;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      runDir = runs.findFirst().orElseThrow();
    }
    String manifest = Files.readString(runDir.resolve("manifest.json"));
    assertTrue(manifest.contains("\"second_moment_gap\"") && manifest.contains("\"sliced_w2\""), manifest);
    assertTrue(Files.readString(runDir.resolve("config.yaml")).contains("radius: 2.0"), out);
  }
}
