package org.flowmatch.experiments.wiring;

import java.util.Arrays;
import java.util.Locale;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Normalization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.manifolds.Manifold;
import org.flowmatch.manifolds.OnManifold;
import org.flowmatch.manifolds.Rows;
import org.flowmatch.models.files.FileDataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Before anything runs: the data and the source of an experiment whose path lives on a manifold must lie on it.
 * Training found out otherwise only at its first batch ({@code x1 row 0 = [...] lies 4.22 off the sphere}, a batch's
 * row); this names the file's row, or the key that moved the rows off ({@code data.normalize}), or the source
 * ({@code source.type}).
 */
final class ManifoldAgreement {
  /** Points drawn from a distribution that is not a file, to check it: enough to catch one that is not on it. */
  private static final int DRAWS = 256;

  private ManifoldAgreement() {}

  static void check(ExperimentConfig resolved, Distribution data, Distribution source, ProbabilityPath path) {
    if (!(path instanceof OnManifold on)) {
      return;
    }
    Manifold m = on.manifold();
    if (data instanceof Dataset d) {
      checkRows(resolved, d, m, false);
      checkRows(resolved, d, m, true);
    } else {
      checkDraws(resolved, "data", data, m);
    }
    checkDraws(resolved, "source", source, m);
  }

  private static void checkRows(ExperimentConfig resolved, Dataset d, Manifold m, boolean heldOut) {
    INDArray rows = heldOut ? d.heldOut() : d.train();
    int first = firstOff(m, rows);
    if (first < 0) {
      return;
    }
    double[] row = NdArrays.toDoubles(rows.getRow(first));
    double off = m.offManifold(row);
    String where = d instanceof FileDataset f ? f.where(heldOut, first) : (heldOut ? "held-out" : "training")
        + " row " + first;
    Normalization.Kind kind = d.normalization().kind();
    if (kind != Normalization.Kind.NONE) {
      double[] file = NdArrays.toDoubles(d.normalization().undo(rows.getRow(first).reshape(1, row.length)));
      if (m.offManifold(file) <= Rows.TOLERANCE) {
        throw new ConfigException(resolved.origin() + ": data.normalize = " + kind.configName() + " moves the rows of "
            + (d instanceof FileDataset f ? f.file() : d.name()) + " off the " + m.name() + " of path.manifold ("
            + where + " lies on it, but " + number(off) + " off once normalized): use data.normalize: none for"
            + " points on a manifold");
      }
    }
    throw new ConfigException(resolved.origin() + ": " + where + ": " + point(row) + " lies " + number(off) + " off the " + m.name()
        + " of path.manifold (tolerance " + Rows.TOLERANCE + ")");
  }

  private static void checkDraws(ExperimentConfig resolved, String section, Distribution d, Manifold m) {
    INDArray draws = d.sample(DRAWS, Rng.seeded(0)).castTo(DataType.DOUBLE);
    int first = firstOff(m, draws);
    if (first >= 0) {
      double[] row = NdArrays.toDoubles(draws.getRow(first));
      throw new ConfigException(resolved.origin() + ": " + section + ".type = " + resolved.get(section + ".type")
          .orElse(d.name()) + ": its samples lie off the " + m.name() + " of path.manifold (" + point(row) + " lies "
          + number(m.offManifold(row)) + " off): use a " + section + " that lives on the " + m.name());
    }
  }

  /** The first row more than the tolerance off the manifold, or -1. */
  private static int firstOff(Manifold m, INDArray rows) {
    if (rows.rows() == 0) {
      return -1;
    }
    double[] off = Rows.offManifold(m, rows);
    for (int i = 0; i < off.length; i++) {
      if (!(off[i] <= Rows.TOLERANCE)) {
        return i;
      }
    }
    return -1;
  }

  private static String point(double[] x) {
    return "(" + String.join(", ", Arrays.stream(x).mapToObj(ManifoldAgreement::number).toList()) + ")";
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
