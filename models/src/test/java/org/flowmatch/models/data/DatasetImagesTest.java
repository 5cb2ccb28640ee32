package org.flowmatch.models.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders 2000 samples of every dataset to target/datasets/NAME.png, to be looked at next to the references. */
class DatasetImagesTest {
  static List<String> names() {
    return Datasets.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void rendersAScatterPlot(String name) throws Exception {
    double[] xy = Samples.draw(Datasets.byName(name), 2000, 2024);
    Path file = Path.of("target", "datasets", name + ".png");
    ScatterPlot.write(xy, name + ", 2000 samples", file);
    assertTrue(Files.size(file) > 0, "written");
    BufferedImage image = ImageIO.read(file.toFile());
    int dark = 0;
    for (int y = 40; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        dark += (rgb & 0xFF) > 100 && ((rgb >> 16) & 0xFF) < 150 ? 1 : 0;
      }
    }
    System.out.printf("%s: %s, %d point pixels%n", name, file.toAbsolutePath(), dark);
    assertTrue(dark > 2000, "the points show: " + dark + " pixels");
  }
}
