package org.flowmatch.models.data;

import org.flowmatch.core.Rng;

/**
 * FFJORD's {@code pinwheel} ({@code lib/toy_data.py}, {@code inf_train_gen}): 5 arms that curl as they leave the
 * origin.
 *
 * <p>For arm k a feature {@code (r, s)} with {@code r ~ N(1, 0.3^2)} (radial) and {@code s ~ N(0, 0.1^2)}
 * (tangential) is turned by the angle {@code a = 2 pi k / 5 + 0.25 exp(r)} the way the reference's
 * {@code einsum("ti,tij->tj", features, rotations)} does, which is clockwise:
 * {@code (r cos a + s sin a, -r sin a + s cos a)}, then doubled. The reference gives each arm exactly
 * {@code batch_size // 5} rows; here the arm is drawn per row. Per row it draws, in order: {@code nextInt(5)} k,
 * then {@code nextGaussian()} for r and for s. The law is invariant under a turn by 2 pi / 5.
 */
public final class Pinwheel implements PointSampler {
  static final int ARMS = 5;
  private static final double RADIAL_STD = 0.3;
  private static final double TANGENTIAL_STD = 0.1;
  private static final double RATE = 0.25;
  private static final double SCALE = 2;

  /** The dataset, named {@code pinwheel}. */
  public static SampledDataset dataset() {
    return new SampledDataset("pinwheel", new Pinwheel());
  }

  @Override
  public void draw(Rng rng, double[] point) {
    int k = rng.nextInt(ARMS);
    double r = 1 + RADIAL_STD * rng.nextGaussian();
    double s = TANGENTIAL_STD * rng.nextGaussian();
    double a = 2 * Math.PI * k / ARMS + RATE * Math.exp(r);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    point[0] = SCALE * (r * cos + s * sin);
    point[1] = SCALE * (-r * sin + s * cos);
  }

  @Override
  public String toString() {
    return ARMS + " arms, radial N(1, " + RADIAL_STD + "^2), tangential N(0, " + TANGENTIAL_STD + "^2), rate " + RATE
        + ", then * " + SCALE;
  }
}
