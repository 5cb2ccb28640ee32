package org.flowmatch.models.data;

import java.util.Locale;
import org.flowmatch.core.Rng;

/**
 * A scikit-learn 3-D manifold seen from above: its (x, z) curve at a uniform parameter t, plus isotropic Gaussian
 * noise, then scaled. The engine of {@code swiss-roll} and {@code s-curve}; the discarded height coordinate is not
 * drawn.
 *
 * <p>Per row it draws, in order: {@code nextDouble()} u for {@code t = from + span u}, then two
 * {@code nextGaussian()}s z; the point is {@code scale * (curve(t) + std z)}.
 *
 * <p>{@link #swissRoll()} is FFJORD's {@code swissroll}: {@code make_swiss_roll(noise=1.0)[:, [0, 2]] / 5}, with
 * {@code t = 1.5 pi (1 + 2 u)} in [1.5 pi, 4.5 pi] and curve {@code (t cos t, t sin t)}.
 *
 * <p>{@link #sCurve()} is the {@code scurve} of the OT-CFM 2-D benchmark (torchcfm's runner,
 * {@code SKLearnDataModule}): {@code make_s_curve(noise=0.05)[:, [0, 2]] * 1.5}, with {@code t = 3 pi (u - 0.5)}
 * and curve {@code (sin t, sign(t) (cos t - 1))}, which spans [-1.5, 1.5] x [-3, 3] before noise.
 */
public final class SklearnCurve implements PointSampler {

  /** The (x, z) coordinates of a scikit-learn manifold at parameter t. */
  public enum Curve {
    /** {@code make_swiss_roll}: (t cos t, t sin t). */
    SWISS_ROLL {
      @Override
      void at(double t, double[] point) {
        point[0] = t * Math.cos(t);
        point[1] = t * Math.sin(t);
      }
    },
    /** {@code make_s_curve}: (sin t, sign(t) (cos t - 1)). */
    S_CURVE {
      @Override
      void at(double t, double[] point) {
        point[0] = Math.sin(t);
        point[1] = Math.signum(t) * (Math.cos(t) - 1);
      }
    };

    abstract void at(double t, double[] point);
  }

  private final Curve curve;
  private final double from;
  private final double span;
  private final double std;
  private final double scale;

  public SklearnCurve(Curve curve, double from, double span, double std, double scale) {
    if (curve == null) {
      throw new IllegalArgumentException("curve must not be null");
    }
    if (!(std >= 0) || Double.isInfinite(std)) {
      throw new IllegalArgumentException("std must be finite and non-negative, got " + std);
    }
    this.curve = curve;
    this.from = from;
    this.span = span;
    this.std = std;
    this.scale = scale;
  }

  /** FFJORD's {@code swissroll}: see the class comment. */
  public static SampledDataset swissRoll() {
    return new SampledDataset("swiss-roll", new SklearnCurve(Curve.SWISS_ROLL, 1.5 * Math.PI, 3 * Math.PI, 1.0, 0.2));
  }

  /** The OT-CFM benchmark's {@code scurve}: see the class comment. */
  public static SampledDataset sCurve() {
    return new SampledDataset("s-curve", new SklearnCurve(Curve.S_CURVE, -1.5 * Math.PI, 3 * Math.PI, 0.05, 1.5));
  }

  @Override
  public void draw(Rng rng, double[] point) {
    curve.at(from + span * rng.nextDouble(), point);
    point[0] = scale * (point[0] + std * rng.nextGaussian());
    point[1] = scale * (point[1] + std * rng.nextGaussian());
  }

  @Override
  public String toString() {
    return curve.name().toLowerCase(Locale.ROOT) + " over t in [" + from + ", " + (from + span)
        + "), noise std " + std + ", then * " + scale;
  }
}
