package org.flowmatch.experiments.plot;

import java.util.List;

/**
 * How a flat row of values is an image: {@code channels} planes (1 grey, 3 RGB) of {@code height} rows of
 * {@code width} values, channel-major then row-major (the [C, H, W] layout of PyTorch and of flattened MNIST).
 *
 * @param channels 1 or 3
 * @param height rows of pixels
 * @param width pixels per row
 */
public record ImageShape(int channels, int height, int width) {

  public ImageShape {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("an image has 1 (grey) or 3 (RGB) channels, got " + channels);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("an image needs a positive height and width, got " + height + " x "
          + width);
    }
  }

  /**
   * The shape given as [H, W] (grey) or [C, H, W].
   *
   * @throws IllegalArgumentException naming the list otherwise
   */
  public static ImageShape of(List<Integer> dims) {
    if (dims.size() == 2) {
      return new ImageShape(1, dims.get(0), dims.get(1));
    }
    if (dims.size() == 3) {
      return new ImageShape(dims.get(0), dims.get(1), dims.get(2));
    }
    throw new IllegalArgumentException("an image shape is [H, W] or [C, H, W], got " + dims);
  }

  /** The number of values of one image, C H W. */
  public int size() {
    return channels * height * width;
  }

  @Override
  public String toString() {
    return channels == 1 ? "[" + height + ", " + width + "]" : "[" + channels + ", " + height + ", " + width + "]";
  }
}
