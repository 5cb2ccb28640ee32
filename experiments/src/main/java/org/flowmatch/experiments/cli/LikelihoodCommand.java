package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flowmatch.core.ConditionalDistribution;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.run.Csv;
import org.flowmatch.experiments.run.DataUnits;
import org.flowmatch.experiments.run.LikelihoodCsv;
import org.flowmatch.experiments.wiring.Experiment;
import org.nd4j.linalg.api.buffer.DataType;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "likelihood", mixinStandardHelpOptions = true,
    description = {"Log-likelihoods (nats) of points under a trained run (or an oracle config).",
        "Reads one point per line, comma-separated, header optional; writes the points with columns "
            + "log_likelihood, nfe and, when the data density is known, true_log_density."})
final class LikelihoodCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. likelihood.solver.rtol=1e-7.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--points", required = true, paramLabel = "FILE.csv", description = "The points.")
  Path points;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write the results.")
  Path out;

  @Option(names = "--force", description = "Overwrite --out if it exists (never a file inside a run directory).")
  boolean force;

  @Option(names = "--label-column", paramLabel = "NAME|INDEX", description = {"A column of class labels (header"
      + " name or 0-based number): conditional log-likelihoods log p(x | label) of a class-conditional run"
      + " (guided by sample.guidance); the other columns are the point."})
  String labelColumn;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Target.checkOutput(out, force);
    Target t = Target.load(target, overrides, "likelihood");
    Experiment e = t.experiment();
    int d = e.data().dim();
    INDArray x;
    Conditions conditions;
    if (labelColumn == null) {
      x = Csv.readPoints(points, d);
      conditions = Conditions.none((int) x.rows());
    } else {
      int classes = DataUnits.classes(t.model());
      if (classes == 0) {
        throw new IllegalArgumentException("--label-column " + labelColumn + ": the model of this run is not"
            + " class-conditional");
      }
      int column = labelIndex(d);
      INDArray all = Csv.readPoints(points, d + 1);
      int[] keep = java.util.stream.IntStream.range(0, d + 1).filter(j -> j != column).toArray();
      x = all.getColumns(keep);
      double[] raw = NdArrays.toDoubles(all.getColumn(column));
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] != Math.rint(raw[i]) || raw[i] < 0 || raw[i] >= classes) {
          throw new IllegalArgumentException(points + ": point " + (i + 1) + ": label " + Csv.format(raw[i])
              + " is not a class of the model (0.." + (classes - 1) + ")");
        }
        labels[i] = (int) raw[i];
      }
      conditions = Conditions.labels(labels, classes);
    }
    if (!e.source().hasDensity()) {
      throw new IllegalArgumentException("source '" + e.source().name()
          + "' has no closed-form density, so log-likelihoods cannot be computed");
    }
    VelocityModel model = DataUnits.given(t.model(), conditions, e.guidance());
    LogLikelihood.Result result = e.likelihood().compute(model, e.source(),
        DataUnits.toModel(e.data(), x).castTo(t.model().dataType()), e.seeds().likelihood().copy());
    INDArray logLikelihood = result.logLikelihood().castTo(DataType.DOUBLE).addi(DataUnits.logJacobian(e.data()));
    INDArray truth = null;
    if (conditions.conditioning().conditional() && e.data() instanceof ConditionalDistribution cd
        && cd.hasConditionalDensity()) {
      truth = cd.logDensity(x.castTo(DataType.DOUBLE), conditions);
    } else if (e.data().hasDensity() && !conditions.conditioning().conditional()) {
      truth = e.data().logDensity(x.castTo(DataType.DOUBLE));
    }
    INDArray labelColumnValues = labelColumn == null ? null
        : NdArrays.column(java.util.Arrays.stream(conditions.labels()).asDoubleStream().toArray(), DataType.DOUBLE);
    LikelihoodCsv.write(out, x, labelColumnValues, logLikelihood, result.nfe(), truth);
    System.out.printf(Locale.ROOT, "%d points, mean log-likelihood %.4f nats (nfe %d) -> %s%n", x.rows(),
        logLikelihood.meanNumber().doubleValue(), result.nfe(), out);
    return 0;
  }

  /** The 0-based index of --label-column among d + 1 columns, by header name or number. */
  private int labelIndex(int d) throws java.io.IOException {
    String first = java.nio.file.Files.exists(points) ? java.nio.file.Files.readAllLines(points).stream()
        .filter(l -> !l.isBlank()).findFirst().orElse("") : "";
    String[] names = first.split(",", -1);
    boolean header = names.length > 0 && !names[0].strip().matches("[-+0-9.eE]+|NaN|-?Infinity");
    for (int j = 0; header && j < names.length; j++) {
      if (names[j].strip().equals(labelColumn)) {
        return j;
      }
    }
    try {
      int j = Integer.parseInt(labelColumn);
      if (j >= 0 && j <= d) {
        return j;
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    throw new IllegalArgumentException("--label-column " + labelColumn + ": not a column of " + points
        + " (a header name, or a 0-based number 0.." + d + ")");
  }
}
