package org.flowmatch.models.data;

import org.flowmatch.core.Rng;

/**
 * Two arcs of circles with equal weight, plus noise, then scaled: the engine of {@code moons} and {@code circles}.
 *
 * <p>Per row it draws, in order: {@code nextInt(2)} for the arc k; {@code nextDouble()} u for the angle
 * {@code theta = from_k + span_k u}; if the shift noise is on, {@code nextDouble()} for a shift s added to both
 * coordinates; if the Gaussian noise is on, two {@code nextGaussian()}s. The point is
 * {@code scale * (centre_k + radius_k (cos theta, sin theta) + s (1, 1) + std z) + offset}.
 *
 * <p>{@link #moons()} is torchcfm's {@code sample_moons(n)} ({@code torchcfm/utils.py}): torchdyn's
 * {@code generate_moons(n, noise=0.2)} times 3 minus 1. Its upper arc is the unit half circle over [0, pi] about
 * (0, 0), its lower arc {@code (1 - cos theta, 0.5 - sin theta)}, the same half circle turned by pi about (1, 0.5).
 * Its noise is torchdyn's {@code X += np.random.rand(n, 1) * noise}: one uniform shift in [0, 0.2) added to both
 * coordinates, not the isotropic Gaussian noise of scikit-learn's {@code make_moons}. After scaling the arcs have
 * radius 3 and centres (-1, -1) and (2, 0.5), the shift lies in [0, 0.6) (1, 1), and the mean is (0.8, 0.05).
 *
 * <p>{@link #circles()} is FFJORD's {@code circles}: scikit-learn's {@code make_circles(factor=0.5, noise=0.08)}
 * times 3: radii 3 and 1.5 about the origin, isotropic Gaussian noise of std 0.24 after scaling.
 *
 * <p>The references split the batch in halves and space the angles with {@code linspace}; here the arc and the
 * angle are drawn per row.
 */
public final class TwoArcs implements PointSampler {

  /** The points {@code centre + radius (cos theta, sin theta)} for theta in [from, from + span). */
  public record Arc(double centreX, double centreY, double radius, double from, double span) {}

  private final Arc first;
  private final Arc second;
  private final double shift;
  private final double std;
  private final double scale;
  private final double offset;

  /**
   * @param shift width of the uniform shift added to both coordinates (0: none)
   * @param std standard deviation of the isotropic Gaussian noise (0: none)
   * @param scale factor applied after the noise
   * @param offset added to both coordinates last
   */
  public TwoArcs(Arc first, Arc second, double shift, double std, double scale, double offset) {
    if (first == null || second == null) {
      throw new IllegalArgumentException("both arcs must be given");
    }
    if (!(shift >= 0 && std >= 0) || Double.isInfinite(shift) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("shift and std must be finite and non-negative, got " + shift + ", " + std);
    }
    this.first = first;
    this.second = second;
    this.shift = shift;
    this.std = std;
    this.scale = scale;
    this.offset = offset;
  }

  /** torchcfm's {@code moons}: see the class comment. */
  public static SampledDataset moons() {
    return new SampledDataset("moons", new TwoArcs(new Arc(0, 0, 1, 0, Math.PI),
        new Arc(1, 0.5, 1, Math.PI, Math.PI), 0.2, 0, 3, -1));
  }

  /** FFJORD's {@code circles}: see the class comment. */
  public static SampledDataset circles() {
    return new SampledDataset("circles", new TwoArcs(new Arc(0, 0, 1, 0, 2 * Math.PI),
        new Arc(0, 0, 0.5, 0, 2 * Math.PI), 0, 0.08, 3, 0));
  }

  @Override
  public void draw(Rng rng, double[] point) {
    Arc arc = rng.nextInt(2) == 0 ? first : second;
    double theta = arc.from() + arc.span() * rng.nextDouble();
    double x = arc.centreX() + arc.radius() * Math.cos(theta);
    double y = arc.centreY() + arc.radius() * Math.sin(theta);
    if (shift > 0) {
      double s = shift * rng.nextDouble();
      x += s;
      y += s;
    }
    if (std > 0) {
      x += std * rng.nextGaussian();
      y += std * rng.nextGaussian();
    }
    point[0] = scale * x + offset;
    point[1] = scale * y + offset;
  }

  @Override
  public String toString() {
    return "two arcs " + first + ", " + second + ", shift " + shift + ", std " + std + ", then * " + scale + " + "
        + offset;
  }
}
