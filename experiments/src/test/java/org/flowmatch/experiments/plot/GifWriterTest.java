package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each pixel of a GIF frame takes its nearest palette colour, whatever the colours its cache has seen. */
class GifWriterTest {

  @Test
  void everyPixelTakesItsNearestPaletteColour(@TempDir Path dir) throws Exception {
    List<Color> colors = List.of(Palette.series(0), Palette.series(1));
    try (java.io.OutputStream file = java.nio.file.Files.newOutputStream(dir.resolve("a.gif"));
        GifWriter writer = new GifWriter(file, colors)) {
      IndexColorModel palette = GifWriter.palette(colors);
      // More distinct colours than the cache holds, each twice, so that slots are shared and overwritten.
      SplittableRandom random = new SplittableRandom(7);
      BufferedImage frame = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
      BufferedImage argb = new BufferedImage(160, 120, BufferedImage.TYPE_INT_ARGB);
      for (int y = 0; y < 120; y += 2) {
        for (int x = 0; x < 160; x++) {
          int rgb = random.nextInt(1 << 24);
          frame.setRGB(x, y, rgb);
          frame.setRGB(159 - x, y + 1, rgb);
          argb.setRGB(x, y, 0xFF000000 | rgb);
          argb.setRGB(159 - x, y + 1, 0xFF000000 | rgb);
        }
      }
      // A chart's frames (TYPE_INT_RGB, read raw) and any other kind of image (read through its colour model).
      for (int round = 0; round < 3; round++) {
        BufferedImage indexed = writer.indexed(round == 2 ? argb : frame);
        for (int y = 0; y < 120; y++) {
          for (int x = 0; x < 160; x++) {
            int rgb = frame.getRGB(x, y) & 0xFFFFFF;
            assertEquals(nearest(palette, rgb), indexed.getRaster().getSample(x, y, 0), "pixel " + x + ", " + y);
          }
        }
        writer.add(frame, 100);
      }
    }
  }

  /** The palette entry nearest to rgb by the weighted distance 2 dr² + 4 dg² + 3 db², the first of equals. */
  private static int nearest(IndexColorModel palette, int rgb) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int i = 0; i < palette.getMapSize(); i++) {
      long dr = (rgb >> 16 & 0xFF) - palette.getRed(i);
      long dg = (rgb >> 8 & 0xFF) - palette.getGreen(i);
      long db = (rgb & 0xFF) - palette.getBlue(i);
      long d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }
}
