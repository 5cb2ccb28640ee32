package org.flowmatch.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Images in a grid: one or more blocks side by side (for example generated samples beside real ones), each with a
 * header and the same rows, a label left of each row, an optional title. Every image pixel is a square of an
 * integer number of screen pixels, so small images (8 x 8 digits) stay sharp. Grey images are drawn as ink on
 * paper: the low end of the value range white, the high end black; RGB images map each channel over the range.
 * Values beyond the range are clamped. Immutable; each setter returns a changed copy.
 *
 * <pre>{@code
 * ImageGrid.of(new ImageShape(1, 8, 8)).range(0, 16).title("digits")
 *     .block("generated", generated).block("real", real).rowLabels(List.of("0", "1", ...))
 *     .write(Path.of("grid.png"), 900, 700);
 * }</pre>
 */
public final class ImageGrid implements Figure {

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final int PAD = 10;
  private static final int GAP = 6;
  private static final int CELL_GAP = 3;
  private static final int BLOCK_GAP = 18;
  private static final Color BORDER = new Color(0xC8C8C8);

  /**
   * A block of images with its header.
   *
   * @param header the text above it (null for none)
   * @param cells cells[row][column] the flat image values; a null cell stays empty
   */
  private record Block(String header, double[][][] cells) {
    int columns() {
      int c = 0;
      for (double[][] row : cells) {
        c = Math.max(c, row.length);
      }
      return c;
    }
  }

  private final ImageShape shape;
  private String title;
  private double lo = Double.NaN;
  private double hi = Double.NaN;
  private List<Block> blocks = List.of();
  private List<String> rowLabels = List.of();

  private ImageGrid(ImageShape shape) {
    this.shape = shape;
  }

  /** An empty grid of images of this shape. */
  public static ImageGrid of(ImageShape shape) {
    return new ImageGrid(shape);
  }

  public ImageShape shape() {
    return shape;
  }

  /** This grid with a title (null for none). */
  public ImageGrid title(String text) {
    ImageGrid g = copy();
    g.title = text;
    return g;
  }

  /** This grid with values drawn over [lo, hi] (white to black for grey images) instead of the data's range. */
  public ImageGrid range(double lo, double hi) {
    if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException("an image range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
    }
    ImageGrid g = copy();
    g.lo = lo;
    g.hi = hi;
    return g;
  }

  /**
   * This grid with another block of images to the right, cells[row][column] each a flat image of
   * {@link ImageShape#size} values (or null); every block must have the same number of rows.
   */
  public ImageGrid block(String header, double[][][] cells) {
    if (!blocks.isEmpty() && blocks.get(0).cells().length != cells.length) {
      throw new IllegalArgumentException("every block must have the same rows, but block 0 has "
          + blocks.get(0).cells().length + " and block " + blocks.size() + " has " + cells.length);
    }
    if (cells.length == 0) {
      throw new IllegalArgumentException("a block needs at least one row");
    }
    double[][][] copy = new double[cells.length][][];
    for (int r = 0; r < cells.length; r++) {
      copy[r] = new double[cells[r].length][];
      for (int c = 0; c < cells[r].length; c++) {
        double[] image = cells[r][c];
        if (image != null) {
          if (image.length != shape.size()) {
            throw new IllegalArgumentException("image (" + r + ", " + c + ") of block " + blocks.size() + " has "
                + image.length + " values, but shape " + shape + " needs " + shape.size());
          }
          copy[r][c] = image.clone();
        }
      }
    }
    List<Block> all = new ArrayList<>(blocks);
    all.add(new Block(header, copy));
    ImageGrid g = copy();
    g.blocks = List.copyOf(all);
    return g;
  }

  /** This grid with a label left of each row (fewer labels leave the last rows unlabelled). */
  public ImageGrid rowLabels(List<String> labels) {
    ImageGrid g = copy();
    g.rowLabels = List.copyOf(labels);
    return g;
  }

  /**
   * Where cell (row, column) of a block lands in a width x height image of this grid: its image pixel (i, j) is
   * the square at (x + j s, y + i s) of side s = width / shape.width().
   */
  public Rectangle cell(int block, int row, int column, int width, int height) {
    return layout(new Rectangle(0, 0, width, height), fonts()).cell(block, row, column);
  }

  @Override
  public void render(Graphics2D graphics, Rectangle area) {
    if (blocks.isEmpty()) {
      throw new IllegalStateException("an image grid needs at least one block");
    }
    Graphics2D g = (Graphics2D) graphics.create();
    try {
      Chart.hints(g);
      g.clip(area);
      g.setColor(Color.WHITE);
      g.fill(area);
      Layout l = layout(area, new Metrics(g.getFontMetrics(TITLE_FONT), g.getFontMetrics(LABEL_FONT)));
      double[] range = valueRange();
      g.setFont(LABEL_FONT);
      FontMetrics fm = g.getFontMetrics(LABEL_FONT);
      for (int b = 0; b < blocks.size(); b++) {
        Block block = blocks.get(b);
        if (block.header() != null && !block.header().isEmpty()) {
          Rectangle first = l.cell(b, 0, 0);
          Rectangle last = l.cell(b, 0, Math.max(0, block.columns() - 1));
          double centre = (first.getX() + last.getMaxX()) / 2;
          g.setColor(Palette.TEXT);
          g.drawString(block.header(), (float) (centre - fm.stringWidth(block.header()) / 2.0),
              (float) (first.getY() - GAP - fm.getDescent()));
        }
        for (int r = 0; r < block.cells().length; r++) {
          for (int c = 0; c < block.cells()[r].length; c++) {
            Rectangle cell = l.cell(b, r, c);
            double[] image = block.cells()[r][c];
            if (image != null) {
              drawImage(g, image, cell, l.scale, range);
            }
            g.setColor(BORDER);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(cell.x - 1, cell.y - 1, cell.width + 1, cell.height + 1);
          }
        }
      }
      g.setColor(Palette.TEXT);
      for (int r = 0; r < Math.min(rowLabels.size(), rows()); r++) {
        Rectangle cell = l.cell(0, r, 0);
        String text = rowLabels.get(r);
        g.drawString(text, (float) (cell.x - GAP - 2 - fm.stringWidth(text)),
            (float) (cell.getCenterY() + (fm.getAscent() - fm.getDescent()) / 2.0));
      }
      if (title != null && !title.isEmpty()) {
        FontMetrics head = g.getFontMetrics(TITLE_FONT);
        g.setFont(TITLE_FONT);
        g.drawString(title, (float) (area.getCenterX() - head.stringWidth(title) / 2.0),
            (float) (area.y + PAD + head.getAscent()));
      }
    } finally {
      g.dispose();
    }
  }

  /** The colour of a grey value v over [lo, hi]: white at lo, black at hi. */
  static Color grey(double v, double lo, double hi) {
    int level = 255 - level(v, lo, hi);
    return new Color(level, level, level);
  }

  private static int level(double v, double lo, double hi) {
    double u = Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
    return (int) Math.round(255 * u);
  }

  private void drawImage(Graphics2D g, double[] image, Rectangle cell, int s, double[] range) {
    int h = shape.height();
    int w = shape.width();
    int plane = h * w;
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int p = i * w + j;
        Color c = shape.channels() == 1 ? grey(image[p], range[0], range[1])
            : new Color(level(image[p], range[0], range[1]), level(image[plane + p], range[0], range[1]),
                level(image[2 * plane + p], range[0], range[1]));
        g.setColor(c);
        g.fillRect(cell.x + j * s, cell.y + i * s, s, s);
      }
    }
  }

  /** The fixed range, or the finite range of every value in the grid. */
  private double[] valueRange() {
    if (!Double.isNaN(lo)) {
      return new double[] {lo, hi};
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Block b : blocks) {
      for (double[][] row : b.cells()) {
        for (double[] image : row) {
          if (image != null) {
            for (double v : image) {
              if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
              }
            }
          }
        }
      }
    }
    if (!(min < max)) {
      return new double[] {Double.isFinite(min) ? min - 0.5 : 0, Double.isFinite(max) ? max + 0.5 : 1};
    }
    return new double[] {min, max};
  }

  private int rows() {
    return blocks.isEmpty() ? 0 : blocks.get(0).cells().length;
  }

  // ---------------------------------------------------------------------------------------------------- layout

  private record Metrics(FontMetrics title, FontMetrics label) {}

  /** Where the cells go: the top-left corner of each block's first cell and the integer pixel scale. */
  private record Layout(int[] blockX, int top, int scale, ImageShape shape) {
    Rectangle cell(int block, int row, int column) {
      int w = shape.width() * scale;
      int h = shape.height() * scale;
      return new Rectangle(blockX[block] + column * (w + CELL_GAP), top + row * (h + CELL_GAP), w, h);
    }
  }

  private static Metrics fonts() {
    Graphics2D g = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB)
        .createGraphics();
    try {
      Chart.hints(g);
      return new Metrics(g.getFontMetrics(TITLE_FONT), g.getFontMetrics(LABEL_FONT));
    } finally {
      g.dispose();
    }
  }

  private Layout layout(Rectangle area, Metrics m) {
    if (blocks.isEmpty()) {
      throw new IllegalStateException("an image grid needs at least one block");
    }
    int top = area.y + PAD + (title != null && !title.isEmpty() ? m.title().getHeight() + GAP : 0);
    boolean headers = blocks.stream().anyMatch(b -> b.header() != null && !b.header().isEmpty());
    top += headers ? m.label().getHeight() + GAP : 0;
    int labelWidth = 0;
    for (String s : rowLabels) {
      labelWidth = Math.max(labelWidth, m.label().stringWidth(s));
    }
    int left = area.x + PAD + (labelWidth > 0 ? labelWidth + GAP + 2 : 0);
    int columns = 0;
    for (Block b : blocks) {
      columns += b.columns();
    }
    int rows = rows();
    int gaps = columns * CELL_GAP + (blocks.size() - 1) * BLOCK_GAP;
    int availableWidth = area.x + area.width - PAD - left - gaps;
    int availableHeight = area.y + area.height - PAD - top - rows * CELL_GAP;
    int scale = Math.max(1, Math.min(availableWidth / Math.max(1, columns * shape.width()),
        availableHeight / Math.max(1, rows * shape.height())));
    int used = columns * shape.width() * scale + gaps;
    // Centre the cells in the room right of the labels and below the title.
    int x = left + Math.max(0, (area.x + area.width - PAD - left - used) / 2);
    top += Math.max(0, (availableHeight - rows * shape.height() * scale) / 2);
    int[] blockX = new int[blocks.size()];
    for (int b = 0; b < blocks.size(); b++) {
      blockX[b] = x;
      x += blocks.get(b).columns() * (shape.width() * scale + CELL_GAP) + BLOCK_GAP;
    }
    return new Layout(blockX, top + 1, scale, shape);
  }

  private ImageGrid copy() {
    ImageGrid g = new ImageGrid(shape);
    g.title = title;
    g.lo = lo;
    g.hi = hi;
    g.blocks = blocks;
    g.rowLabels = rowLabels;
    return g;
  }
}
