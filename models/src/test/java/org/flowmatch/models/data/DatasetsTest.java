package org.flowmatch.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.Rng;
import org.flowmatch.models.GaussianMixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The registry and the contract every dataset keeps: names, shapes, reproducibility, density or its absence. */
class DatasetsTest {
  private static final List<String> NAMES = List.of("four-clusters", "eight-gaussians", "moons", "checkerboard",
      "circles", "swiss-roll", "s-curve", "pinwheel", "two-spirals");

  static List<String> names() {
    return NAMES;
  }

  @Test
  void namesAreTheBuiltInOnesInOrder() {
    assertEquals(NAMES, Datasets.names());
    assertThrows(UnsupportedOperationException.class, () -> Datasets.names().add("x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void eachIsNamedAndTwoDimensional(String name) {
    Distribution d = Datasets.byName(name);
    assertEquals(name, d.name());
    assertEquals(2, d.dim());
    assertSame(d, Datasets.byName(name), "immutable entries are shared");
    assertTrue(d.toString().startsWith(name), d.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void sameSeedSameSamplesOtherSeedOtherSamples(String name) {
    Distribution d = Datasets.byName(name);
    INDArray a = d.sample(500, Rng.seeded(7));
    INDArray b = d.sample(500, Rng.seeded(7));
    INDArray c = d.sample(500, Rng.seeded(8));
    assertArrayEquals(new long[] {500, 2}, a.shape());
    assertEquals(DataType.DOUBLE, a.dataType());
    double[] av = a.data().asDouble();
    assertArrayEquals(av, b.data().asDouble(), 0, "same seed");
    double[] cv = c.data().asDouble();
    int same = 0;
    for (int i = 0; i < av.length; i++) {
      assertTrue(Double.isFinite(av[i]), "finite");
      same += av[i] == cv[i] ? 1 : 0;
    }
    assertEquals(0, same, "entries equal under another seed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void aSampleOfOneRowIsTheFirstRowOfALongerOne(String name) {
    // Rows are drawn one after another from one stream, so n only decides where to stop.
    Distribution d = Datasets.byName(name);
    double[] one = d.sample(1, Rng.seeded(3)).data().asDouble();
    double[] many = d.sample(20, Rng.seeded(3)).data().asDouble();
    assertArrayEquals(one, Arrays.copyOf(many, 2), 0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void densityOnlyForTheMixtures(String name) {
    Distribution d = Datasets.byName(name);
    boolean mixture = name.equals("four-clusters") || name.equals("eight-gaussians");
    assertEquals(mixture, d.hasDensity());
    assertEquals(mixture, d instanceof GaussianMixture);
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 3, 2);
    if (mixture) {
      assertArrayEquals(new long[] {3, 1}, d.logDensity(x).shape());
    } else {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> d.logDensity(x));
      assertEquals("dataset '" + name + "' has no closed-form density", e.getMessage());
    }
  }

  @Test
  void anUnknownNameListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName("moon"));
    assertEquals("unknown dataset 'moon'; valid names: " + String.join(", ", NAMES), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Datasets.byName(null));
    assertTrue(e.getMessage().startsWith("unknown dataset null; valid names: four-clusters"), e.getMessage());
  }

  @Test
  void torchcfmNamesAreAliases() {
    assertSame(Datasets.byName("eight-gaussians"), Datasets.byName("8gaussians"));
    assertSame(Datasets.byName("s-curve"), Datasets.byName("scurve"));
    assertSame(Datasets.byName("swiss-roll"), Datasets.byName("swissroll"));
    assertSame(Datasets.byName("two-spirals"), Datasets.byName("2spirals"));
    assertEquals("eight-gaussians", Datasets.byName("8gaussians").name(), "runs record the name used here");
    for (String name : Datasets.aliases().values()) {
      assertTrue(NAMES.contains(name), name);
    }
  }

  @Test
  void invalidSampleArguments() {
    Distribution d = Datasets.byName("moons");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.sample(0, Rng.seeded(1)));
    assertEquals("n must be positive, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.sample(3, null));
    assertEquals("rng must not be null", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SampledDataset("", (rng, p) -> { }));
    assertThrows(IllegalArgumentException.class, () -> new SampledDataset("x", null));
  }

  @Test
  void gaussianMixtureDelegates() {
    GaussianMixture m = Datasets.gaussianMixture(new double[] {1, 3}, new double[][] {{0, 1}, {2, 3}},
        new double[] {0.5, 2});
    assertArrayEquals(new double[] {0.25, 0.75}, m.weights(), 0);
    assertArrayEquals(new double[] {2, 3}, m.means()[1], 0);
    assertArrayEquals(new double[] {0.5, 2}, m.stds(), 0);
    assertEquals("gaussian-mixture", m.name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Datasets.gaussianMixture(new double[] {1}, new double[][] {{0, 0}}, new double[] {-1}));
    assertEquals("stds[0] must be positive, got -1.0", e.getMessage());
  }
}
