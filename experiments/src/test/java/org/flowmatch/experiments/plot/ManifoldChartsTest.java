package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.manifolds.FlatTorus;
import org.flowmatch.manifolds.Sphere;
import org.flowmatch.manifolds.WrappedDistribution;
import org.flowmatch.models.data.Checkerboard;
import org.junit.jupiter.api.Test;

/**
 * The manifold charts put points where their coordinates say: the azimuthal chart of data wrapped at the north
 * pole gives back the 2-D points that were wrapped (log inverts exp), the equirectangular map gives longitude and
 * latitude, and the torus square reduces modulo 2 pi.
 */
class ManifoldChartsTest {

  @Test
  void chartsGiveBackTheCoordinatesTheyDraw() throws Exception {
    Path dir = Path.of("target", "manifold-charts");
    Files.createDirectories(dir);
    Rng rng = Rng.seeded(1);
    double[][] flat = NdArrays.rows(Checkerboard.dataset().sample(200, rng.copy()));
    double[][] sphere = NdArrays.rows(new WrappedDistribution("s", Checkerboard.dataset(), new Sphere(),
        new double[] {0, 0, 1}, 0.25).sample(200, rng.copy()));
    double[][] azimuthal = points(ManifoldCharts.azimuthal("data", sphere, 0));
    double[][] map = points(ManifoldCharts.equirectangular("data", sphere, 0));
    for (int i = 0; i < 200; i++) {
      assertEquals(0.25 * flat[i][0], azimuthal[i][0], 1e-12);
      assertEquals(0.25 * flat[i][1], azimuthal[i][1], 1e-12);
      assertEquals(Math.toDegrees(Math.atan2(sphere[i][1], sphere[i][0])), map[i][0], 1e-12);
      assertEquals(Math.toDegrees(Math.asin(sphere[i][2])), map[i][1], 1e-9);
    }
    double[][] torus = points(ManifoldCharts.square("data", new double[][] {{-0.5, 7}}, 0));
    assertEquals(2 * Math.PI - 0.5, torus[0][0], 1e-15);
    assertEquals(7 - 2 * Math.PI, torus[0][1], 1e-15);
    Path png = dir.resolve("sphere.png");
    ManifoldCharts.write(png, new Sphere(), "data", sphere, "samples", sphere);
    assertTrue(Files.size(png) > 1000);
    ManifoldCharts.write(dir.resolve("torus.png"), new FlatTorus(), "data", flat, "samples", flat);
  }

  private static double[][] points(Chart chart) {
    Series s = chart.series().get(0);
    double[][] out = new double[s.points()][2];
    for (int i = 0; i < out.length; i++) {
      out[i][0] = s.x(i);
      out[i][1] = s.y(i);
    }
    return out;
  }
}
