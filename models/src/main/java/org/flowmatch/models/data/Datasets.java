package org.flowmatch.models.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch.core.Distribution;
import org.flowmatch.models.GaussianMixture;

/**
 * The registry of the built-in 2-D datasets, by the names that configs use. Every entry is immutable, so one
 * shared instance per name is returned.
 */
public final class Datasets {
  private static final Map<String, Distribution> BUILT_IN = new LinkedHashMap<>();

  /**
   * Other names for the built-in datasets, as torchcfm's users write them (its {@code sample_8gaussians} and its
   * runner's {@code scurve}, {@code swissroll}, FFJORD's {@code 2spirals}): alias to the name used here.
   */
  private static final Map<String, String> ALIASES = new LinkedHashMap<>();

  static {
    for (Distribution d : List.of(GaussianDatasets.fourClusters(), GaussianDatasets.eightGaussians(),
        TwoArcs.moons(), Checkerboard.dataset(), TwoArcs.circles(), SklearnCurve.swissRoll(), SklearnCurve.sCurve(),
        Pinwheel.dataset(), TwoSpirals.dataset())) {
      BUILT_IN.put(d.name(), d);
    }
    ALIASES.put("8gaussians", "eight-gaussians");
    ALIASES.put("scurve", "s-curve");
    ALIASES.put("swissroll", "swiss-roll");
    ALIASES.put("2spirals", "two-spirals");
  }

  private Datasets() {}

  /**
   * The built-in dataset called {@code name}.
   *
   * @throws IllegalArgumentException listing the valid names if there is none by that name
   */
  public static Distribution byName(String name) {
    Distribution d = name == null ? null : BUILT_IN.get(ALIASES.getOrDefault(name, name));
    if (d == null) {
      throw new IllegalArgumentException("unknown dataset " + (name == null ? "null" : "'" + name + "'")
          + "; valid names: " + String.join(", ", BUILT_IN.keySet()));
    }
    return d;
  }

  /** The built-in names, in a fixed order. */
  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /** The other names accepted by {@link #byName}, each mapped to its dataset's own name, in a fixed order. */
  public static Map<String, String> aliases() {
    return java.util.Collections.unmodifiableMap(ALIASES);
  }

  /** A mixture of isotropic Gaussians: see {@link GaussianMixture#GaussianMixture(double[], double[][], double[])}. */
  public static GaussianMixture gaussianMixture(double[] weights, double[][] means, double[] stds) {
    return new GaussianMixture(weights, means, stds);
  }
}
