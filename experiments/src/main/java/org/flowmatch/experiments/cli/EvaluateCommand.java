package org.flowmatch.experiments.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"The metrics of a trained run (or an oracle config): eval.metrics, by default every registered",
        "metric the experiment can feed (flowmatch list shows them), with the NFE and wall time of sampling and",
        "likelihoods; with eval.reference=true also the solver's error against tight reference solves.",
        "Writes RUN/metrics.json."})
final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. solver.type=euler solver.steps=8.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE.json", description = "Where to write the metrics (default: RUN/metrics.json).")
  Path out;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Target t = Target.load(target, overrides);
    Evaluation evaluation = Evaluation.of(t.experiment(), t.model(), new ReferenceCache());
    evaluation.values().forEach((k, v) -> System.out.printf("%-24s %s%n", k, v));
    Map<String, Object> metrics = new LinkedHashMap<>(evaluation.values());
    metrics.put("metric_s", evaluation.metricSeconds());
    Path file = out != null ? out : t.run() != null ? t.run().resolve("metrics.json") : null;
    if (file != null) {
      Files.writeString(file, Json.write(metrics), StandardCharsets.UTF_8);
      System.out.println(file);
    }
    return 0;
  }
}
