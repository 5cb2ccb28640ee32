package org.flowmatch.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.flowmatch.models.files.OutputFiles;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"The metrics of a trained run (or an oracle config), into a new metrics file.",
        "eval.metrics, by default every registered metric the experiment can feed (flowmatch list shows them), "
            + "with the NFE and wall time of sampling and likelihoods; with eval.reference=true also the solver's "
            + "error against tight reference solves. Writes RUN/metrics.json, or RUN/metrics-2.json, -3, ... when "
            + "it exists (--out chooses the file; an existing --out is replaced only with --force)."})
final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. solver.type=euler solver.steps=8.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE.json",
      description = "Where to write the metrics (default: RUN/metrics.json, or the first free RUN/metrics-N.json).")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists (never a file inside a run directory).")
  boolean force;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      Target.checkOutput(out, force);
    }
    Map<String, Object> metrics;
    Path file;
    if (DiscreteRunner.handles(target)) {
      DiscreteRunner.Target d = DiscreteRunner.target(target, overrides);
      metrics = DiscreteRunner.evaluate(d.experiment(), d.model(), d.experiment().samples(), null, null).metrics();
      metrics.forEach((k, v) -> System.out.printf("%-28s %s%n", k, v));
      file = out != null ? out : d.run() != null ? freeName(d.run().path()) : null;
    } else {
      Target t = Target.load(target, overrides, "evaluate");
      Evaluation evaluation = Evaluation.of(t.experiment(), t.model(), new ReferenceCache());
      evaluation.values().forEach((k, v) -> System.out.printf("%-24s %s%n", k, v));
      metrics = new LinkedHashMap<>(evaluation.values());
      metrics.put("metric_s", evaluation.metricSeconds());
      file = out != null ? out : t.run() != null ? freeName(t.run().path()) : null;
    }
    if (file != null) {
      OutputFiles.DISK.write(file, Json.write(metrics));
      System.out.println(file);
    }
    return 0;
  }

  /** metrics.json, or metrics-2.json, -3, ...: a second evaluation never replaces the first. */
  static Path freeName(Path run) {
    Path file = run.resolve("metrics.json");
    for (int k = 2; Files.exists(file); k++) {
      file = run.resolve("metrics-" + k + ".json");
    }
    return file;
  }
}
