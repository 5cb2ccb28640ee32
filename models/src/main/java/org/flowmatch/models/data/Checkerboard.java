package org.flowmatch.models.data;

import org.flowmatch.core.Rng;

/**
 * FFJORD's {@code checkerboard} ({@code lib/toy_data.py}, {@code inf_train_gen}): uniform on the 8 black squares
 * of side 2 of a 4 x 4 board covering [-4, 4]^2, the squares whose cell indices floor(x / 2) + floor(y / 2) are
 * even, so that the square [0, 2) x [0, 2) is occupied and [0, 2) x [-2, 0) is not.
 *
 * <p>As in the reference: {@code x1 = 4 u1 - 2}, {@code x2 = u2 - 2 b + (floor(x1) mod 2)} with b a fair bit,
 * and the point is {@code 2 (x1, x2)}. Per row it draws, in order: {@code nextDouble()} u1, {@code nextDouble()}
 * u2, {@code nextInt(2)} b.
 */
public final class Checkerboard implements PointSampler {

  /** The dataset, named {@code checkerboard}. */
  public static SampledDataset dataset() {
    return new SampledDataset("checkerboard", new Checkerboard());
  }

  @Override
  public void draw(Rng rng, double[] point) {
    double x1 = 4 * rng.nextDouble() - 2;
    double x2 = rng.nextDouble() - 2 * rng.nextInt(2) + Math.floorMod((int) Math.floor(x1), 2);
    point[0] = 2 * x1;
    point[1] = 2 * x2;
  }

  @Override
  public String toString() {
    return "uniform on the even squares of side 2 in [-4, 4]^2";
  }
}
