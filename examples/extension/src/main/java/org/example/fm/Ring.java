package org.example.fm;

import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A noisy circle in the plane. */
public final class Ring implements Distribution {
  private final double radius;
  private final double noise;

  public Ring(double radius, double noise) {
    if (!(radius > 0) || !(noise >= 0)) {
      throw new IllegalArgumentException("radius must be positive and noise non-negative, got " + radius + ", "
          + noise);
    }
    this.radius = radius;
    this.noise = noise;
  }

  @Override
  public String name() {
    return "ring";
  }

  @Override
  public int dim() {
    return 2;
  }

  /** Per row, in order: one nextDouble() for the angle, one nextGaussian() for the radius. */
  @Override
  public INDArray sample(int n, Rng rng) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double angle = 2 * Math.PI * rng.nextDouble();
      double r = radius + noise * rng.nextGaussian();
      out[2 * i] = r * Math.cos(angle);
      out[2 * i + 1] = r * Math.sin(angle);
    }
    return NdArrays.matrix(out, n, 2, DataType.DOUBLE);
  }

  @Override
  public boolean hasDensity() {
    return false;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    throw new UnsupportedOperationException("ring has no closed-form density");
  }
}
