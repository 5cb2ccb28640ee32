package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.models.files.OutputFiles;
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
    OutputFiles.DISK.write(file, content(points, result, data));
  }

  /** The points, their log-likelihoods and nfe, and the data's true log-density when known, as file content. */
  public static OutputFiles.Content content(INDArray points, LogLikelihood.Result result, Distribution data) {
    INDArray x = points.castTo(DataType.DOUBLE);
    return content(x, null, result.logLikelihood(), result.nfe(),
        data != null && data.hasDensity() && data.dim() == x.columns() ? data.logDensity(x) : null);
  }

  /**
   * The general form: the points, an optional {@code label} column, the log-likelihoods, the nfe and an optional
   * {@code true_log_density} column.
   */
  public static void write(Path file, INDArray points, INDArray labels, INDArray logLikelihood, long nfe,
      INDArray trueLogDensity) throws IOException {
    OutputFiles.DISK.write(file, content(points, labels, logLikelihood, nfe, trueLogDensity));
  }

  /** {@link #write}'s general form as file content. */
  public static OutputFiles.Content content(INDArray points, INDArray labels, INDArray logLikelihood, long nfe,
      INDArray trueLogDensity) {
    int d = (int) points.columns();
    List<String> header = new ArrayList<>(Runner.header("dim", d));
    INDArray x = points.castTo(DataType.DOUBLE);
    List<INDArray> columns = new ArrayList<>(List.of(x));
    if (labels != null) {
      header.add("label");
      columns.add(labels.castTo(DataType.DOUBLE));
    }
    header.add("log_likelihood");
    header.add("nfe");
    columns.add(logLikelihood.castTo(DataType.DOUBLE));
    columns.add(NdArrays.column(nfe, x.rows(), DataType.DOUBLE));
    if (trueLogDensity != null) {
      header.add("true_log_density");
      columns.add(trueLogDensity.castTo(DataType.DOUBLE));
    }
    return Csv.content(header, columns.toArray(INDArray[]::new));
  }
}
