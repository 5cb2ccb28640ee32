package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The likelihood CSV: the points, {@code log_likelihood} (nats), {@code nfe} of the solve, and
 * {@code true_log_density} when the data's density is known.
 */
public final class LikelihoodCsv {
  private LikelihoodCsv() {}

  public static void write(Path file, INDArray points, LogLikelihood.Result result, Distribution data)
      throws IOException {
    int d = (int) points.columns();
    List<String> header = new ArrayList<>(Runner.header("dim", d));
    header.add("log_likelihood");
    header.add("nfe");
    INDArray x = points.castTo(DataType.DOUBLE);
    List<INDArray> columns = new ArrayList<>(List.of(x, result.logLikelihood().castTo(DataType.DOUBLE),
        NdArrays.column(result.nfe(), x.rows(), DataType.DOUBLE)));
    if (data != null && data.hasDensity() && data.dim() == d) {
      header.add("true_log_density");
      columns.add(data.logDensity(x));
    }
    Csv.write(file, header, columns.toArray(INDArray[]::new));
  }
}
