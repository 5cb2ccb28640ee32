package org.flowmatch.experiments.run;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch.experiments.plot.FlowAnimation;
import org.flowmatch.experiments.plot.ImageGrid;
import org.flowmatch.experiments.plot.ImageShape;

/**
 * The plots of a run whose rows are images: samples as an image grid (one row per class beside real images of that
 * class when the data is labelled) and the flow as a grid of images forming out of noise. Everything here is in the
 * units of the data file; callers undo the normalization first.
 */
public final class ImagePlots {
  private ImagePlots() {}

  /**
   * Generated images beside real ones: with labels, row k holds the first {@code perRow} samples of class k on the
   * left and the first {@code perRow} real images of class k on the right; without ({@code labels == null}) the
   * first rows x perRow of each, row by row.
   *
   * @param classes the number of classes (rows) when labelled; the number of rows otherwise
   * @param range the values drawn white and black, {lo, hi}
   */
  public static ImageGrid samples(ImageShape shape, String title, double[][] generated, int[] labels,
      double[][] real, int[] realLabels, int classes, int perRow, double[] range) {
    ImageGrid grid = ImageGrid.of(shape).range(range[0], range[1]).title(title);
    if (labels == null) {
      return grid.block("generated", byRow(generated, null, classes, perRow))
          .block("real", byRow(real, null, classes, perRow));
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add(Integer.toString(k));
    }
    return grid.block("generated", byRow(generated, labels, classes, perRow))
        .block("real", byRow(real, realLabels, classes, perRow)).rowLabels(names);
  }

  /**
   * The flow of image trajectories paths[n][T][d] at {@code times}: with labels, row k shows the first
   * {@code perRow} trajectories of class k; without, the first rows x perRow trajectories.
   */
  public static FlowAnimation animation(ImageShape shape, double[][][] paths, double[] times, int[] labels,
      int rows, int perRow, double[] range) {
    List<double[][]> chosen = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < rows; k++) {
      int taken = 0;
      for (int i = 0; i < paths.length && taken < perRow; i++) {
        boolean inRow = labels == null ? i / perRow == k : labels[i] == k;
        if (inRow) {
          chosen.add(paths[i]);
          taken++;
        }
      }
      // Keep columns aligned: a class with too few trajectories repeats its last one rather than shifting rows.
      while (taken > 0 && taken < perRow) {
        chosen.add(chosen.get(chosen.size() - 1));
        taken++;
      }
      if (taken > 0) {
        names.add(labels == null ? "" : Integer.toString(k));
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no trajectory to animate");
    }
    return FlowAnimation.of(chosen.toArray(new double[0][][]), times)
        .images(shape, perRow, names, range[0], range[1]);
  }

  /** The lowest and highest value of the rows, for the drawing range; {0, 1} if they are all equal. */
  public static double[] range(double[][] rows) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] r : rows) {
      for (double v : r) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return lo < hi ? new double[] {lo, hi} : new double[] {0, 1};
  }

  /** cells[row][column]: labelled rows by class, else consecutive rows; missing cells stay null. */
  static double[][][] byRow(double[][] x, int[] labels, int rows, int perRow) {
    double[][][] cells = new double[rows][perRow][];
    int[] filled = new int[rows];
    for (int i = 0; i < x.length; i++) {
      int r = labels == null ? i / perRow : labels[i];
      if (r >= 0 && r < rows && filled[r] < perRow) {
        cells[r][filled[r]++] = x[i];
      }
    }
    return cells;
  }
}
