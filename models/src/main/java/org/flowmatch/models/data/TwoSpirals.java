package org.flowmatch.models.data;

import org.flowmatch.core.Rng;

/**
 * FFJORD's {@code 2spirals} ({@code lib/toy_data.py}, {@code inf_train_gen}): two interleaved spiral arms, each
 * the image of the other under x -> -x (a half turn about the origin), so that the law is invariant under it.
 *
 * <p>As in the reference: {@code n = sqrt(u) * 540 * 2 pi / 360} (up to one and a half turns, denser outwards),
 * {@code d = (-n cos n + 0.5 u1, n sin n + 0.5 u2)} with u1, u2 uniform on [0, 1), the point is {@code +d / 3} or
 * {@code -d / 3}, plus isotropic Gaussian noise of std 0.1. The reference gives each arm half the batch; here the
 * arm is a fair coin per row. Per row it draws, in order: {@code nextInt(2)} for the arm, {@code nextDouble()} u,
 * u1, u2, then two {@code nextGaussian()}s.
 */
public final class TwoSpirals implements PointSampler {
  private static final double MAX_ANGLE = 540 * (2 * Math.PI) / 360;
  private static final double JITTER = 0.5;
  private static final double SCALE = 1.0 / 3;
  private static final double STD = 0.1;

  /** The dataset, named {@code two-spirals}. */
  public static SampledDataset dataset() {
    return new SampledDataset("two-spirals", new TwoSpirals());
  }

  @Override
  public void draw(Rng rng, double[] point) {
    double sign = rng.nextInt(2) == 0 ? 1 : -1;
    double n = Math.sqrt(rng.nextDouble()) * MAX_ANGLE;
    double dx = -Math.cos(n) * n + JITTER * rng.nextDouble();
    double dy = Math.sin(n) * n + JITTER * rng.nextDouble();
    point[0] = sign * dx * SCALE + STD * rng.nextGaussian();
    point[1] = sign * dy * SCALE + STD * rng.nextGaussian();
  }

  @Override
  public String toString() {
    return "two spirals of " + MAX_ANGLE + " rad, jitter U[0, " + JITTER + "), then * " + SCALE + " + N(0, " + STD
        + "^2)";
  }
}
