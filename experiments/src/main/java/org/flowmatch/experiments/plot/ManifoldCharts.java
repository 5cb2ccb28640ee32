package org.flowmatch.experiments.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.manifolds.FlatTorus;
import org.flowmatch.manifolds.Manifold;
import org.flowmatch.manifolds.Sphere;
import org.flowmatch.models.files.OutputFiles;

/**
 * Samples on a manifold drawn in its chart: the sphere S^2 on an equirectangular map (longitude, latitude in
 * degrees) beside its azimuthal equidistant chart at the north pole (log_north(x), where flow_matching's examples
 * wrap their data, so the 2-D shape reappears undistorted); the flat torus as the unrolled square [0, 2 pi)^2.
 */
public final class ManifoldCharts {
  private ManifoldCharts() {}

  /** Whether these charts can draw points of width {@code dim} on {@code m}. */
  public static boolean supports(Manifold m, int dim) {
    return (m instanceof Sphere && dim == 3) || (m instanceof FlatTorus && dim == 2);
  }

  /** Data beside samples, one row of panels per chart of the manifold. */
  public static void write(Path png, Manifold m, String dataTitle, double[][] data, String samplesTitle,
      double[][] samples) throws IOException {
    OutputFiles.DISK.write(png, png(m, dataTitle, data, samplesTitle, samples));
  }

  /** {@link #write}'s image as PNG content. */
  public static OutputFiles.Content png(Manifold m, String dataTitle, double[][] data, String samplesTitle,
      double[][] samples) {
    if (m instanceof Sphere) {
      return Panels.png(List.of(equirectangular(dataTitle, data, 0), equirectangular(samplesTitle, samples, 1),
          azimuthal(dataTitle, data, 0), azimuthal(samplesTitle, samples, 1)), 2, 640, 380);
    }
    return Panels.png(List.of(square(dataTitle, data, 0), square(samplesTitle, samples, 1)), 2, 480, 460);
  }

  /** Longitude atan2(y, x) and latitude asin(z / |x|), in degrees. */
  static Chart equirectangular(String title, double[][] points, int color) {
    double[][] lonLat = new double[points.length][2];
    for (int i = 0; i < points.length; i++) {
      double[] p = points[i];
      double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
      lonLat[i][0] = Math.toDegrees(Math.atan2(p[1], p[0]));
      lonLat[i][1] = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, p[2] / r))));
    }
    return Chart.of(title + " (equirectangular)").xLabel("longitude (°)").yLabel("latitude (°)")
        .xRange(-180, 180).yRange(-90, 90).equalAspect()
        .add(Series.scatter(title, lonLat).color(Palette.series(color)).alpha(0.35).size(3));
  }

  /** log at the north pole: (x, y) scaled to the geodesic distance from the pole, in radians. */
  static Chart azimuthal(String title, double[][] points, int color) {
    Sphere sphere = new Sphere();
    double[] north = {0, 0, 1};
    double[][] xy = new double[points.length][2];
    double[] v = new double[3];
    double[] unit = new double[3];
    for (int i = 0; i < points.length; i++) {
      sphere.projectPoint(points[i], unit);
      sphere.log(north, unit, v);
      xy[i][0] = v[0];
      xy[i][1] = v[1];
    }
    return Chart.of(title + " (log at the north pole)").xLabel("x (rad)").yLabel("y (rad)")
        .xRange(-2, 2).yRange(-2, 2).equalAspect()
        .add(Series.scatter(title, xy).color(Palette.series(color)).alpha(0.35).size(3));
  }

  /** The torus unrolled: each point reduced to [0, 2 pi)^2. */
  static Chart square(String title, double[][] points, int color) {
    FlatTorus torus = new FlatTorus();
    double[][] wrapped = new double[points.length][2];
    for (int i = 0; i < points.length; i++) {
      torus.projectPoint(points[i], wrapped[i]);
    }
    return Chart.of(title + " (unrolled torus)").xLabel("θ₁ (rad)").yLabel("θ₂ (rad)")
        .xRange(0, 2 * Math.PI).yRange(0, 2 * Math.PI).equalAspect()
        .add(Series.scatter(title, wrapped).color(Palette.series(color)).alpha(0.35).size(3));
  }
}
