package org.flowmatch.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.flowmatch.models.files.OutputFiles;

/**
 * A 2-D chart: linear or log10 axes, a title, axis labels, a legend, an optional heat map underneath and any number
 * of {@link Series} on top. This class is the one drawing engine: heat maps, trajectory plots, panels and animation
 * frames are all charts. Immutable; each setter returns a changed copy.
 *
 * <pre>{@code
 * Chart.of("Training loss").xLabel("step").yLabel("loss").logY()
 *     .add(Series.line("loss", steps, loss).alpha(0.3))
 *     .add(Series.line("EMA", steps, smooth))
 *     .write(Path.of("loss.png"), 800, 500);
 * }</pre>
 */
public final class Chart implements Figure {

  /** Where the legend goes: inside the plot, in a corner; AUTO takes the corner that covers the fewest points. */
  public enum Legend { AUTO, TOP_RIGHT, TOP_LEFT, BOTTOM_RIGHT, BOTTOM_LEFT, NONE }

  /**
   * The plot's rectangle in pixels and its scales: where data lands in an image of the chart.
   *
   * @param bounds the plot rectangle, inside the axes' frame
   * @param x the horizontal scale
   * @param y the vertical scale
   */
  public record PlotArea(Rectangle2D bounds, Scale x, Scale y) {

    /** The horizontal pixel coordinate of data x value v. */
    public double px(double v) {
      return bounds.getX() + x.fraction(v) * bounds.getWidth();
    }

    /** The vertical pixel coordinate of data y value v (growing downwards). */
    public double py(double v) {
      return bounds.getMaxY() - y.fraction(v) * bounds.getHeight();
    }
  }

  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final int PAD = 10;
  private static final int TICK = 4;
  private static final int GAP = 4;
  private static final int BAR = 14;
  private static final int LEGEND_SAMPLE = 26;

  static {
    // Plots are drawn on images only; without this a DISPLAY that cannot be reached would stop AWT from starting.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private String title;
  private String xLabel;
  private String yLabel;
  private boolean xLog;
  private boolean yLog;
  private double[] xRange;
  private double[] yRange;
  private double padding = 0.05;
  private boolean equalAspect;
  private Legend legend = Legend.AUTO;
  private HeatMap heatMap;
  private List<Series> series = List.of();

  private Chart() {}

  /** An empty chart with this title (null for none). */
  public static Chart of(String title) {
    Chart c = new Chart();
    c.title = title;
    return c;
  }

  /** This chart with another title. */
  public Chart title(String text) {
    Chart c = copy();
    c.title = text;
    return c;
  }

  /** This chart with a label under the x axis. */
  public Chart xLabel(String text) {
    Chart c = copy();
    c.xLabel = text;
    return c;
  }

  /** This chart with a label, turned upright, left of the y axis. */
  public Chart yLabel(String text) {
    Chart c = copy();
    c.yLabel = text;
    return c;
  }

  /** This chart with a log10 x axis; every series must then have positive x. */
  public Chart logX() {
    Chart c = copy();
    c.xLog = true;
    return c.checked();
  }

  /** This chart with a log10 y axis; every series must then have positive y. */
  public Chart logY() {
    Chart c = copy();
    c.yLog = true;
    return c.checked();
  }

  /** This chart with the x axis fixed to [lo, hi] rather than fitted to the data. */
  public Chart xRange(double lo, double hi) {
    Chart c = copy();
    c.xRange = range(lo, hi, "x");
    return c.checked();
  }

  /** This chart with the y axis fixed to [lo, hi] rather than fitted to the data. */
  public Chart yRange(double lo, double hi) {
    Chart c = copy();
    c.yRange = range(lo, hi, "y");
    return c.checked();
  }

  /** The margin around fitted data, as a fraction of its span on each side (0.05 unless set). */
  public Chart padding(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("padding must be in [0, 1), got " + fraction);
    }
    Chart c = copy();
    c.padding = fraction;
    return c;
  }

  /** This chart with one data unit as long on both axes (for samples in the plane); needs linear axes. */
  public Chart equalAspect() {
    Chart c = copy();
    c.equalAspect = true;
    return c.checked();
  }

  /** This chart with the legend (of the named series) placed there; AUTO unless set. */
  public Chart legend(Legend where) {
    Chart c = copy();
    c.legend = where;
    return c;
  }

  /** This chart with the series s drawn over those before it. */
  public Chart add(Series s) {
    Chart c = copy();
    List<Series> all = new ArrayList<>(series);
    all.add(s);
    c.series = List.copyOf(all);
    return c.checked();
  }

  /** This chart over the heat map h, with its colour bar at the right; the axes fit h unless fixed. */
  public Chart heatMap(HeatMap h) {
    Chart c = copy();
    c.heatMap = h;
    return c.checked();
  }

  /** The series in drawing order. */
  public List<Series> series() {
    return series;
  }

  /** Where the plot lands in a width x height image of this chart. */
  public PlotArea plotArea(int width, int height) {
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scratch.createGraphics();
    try {
      hints(g);
      return layout(g, new Rectangle(0, 0, width, height)).area;
    } finally {
      g.dispose();
    }
  }

  /** This chart drawn on a white width x height image. */
  @Override
  public BufferedImage toImage(int width, int height) {
    if (width < 50 || height < 50) {
      throw new IllegalArgumentException("a chart needs at least 50 x 50 pixels, got " + width + " x " + height);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      render(g, new Rectangle(0, 0, width, height));
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Writes this chart as a width x height PNG, creating the parent directories. */
  @Override
  public void write(Path png, int width, int height) throws IOException {
    writePng(toImage(width, height), png);
  }

  /** Draws this chart into area of g (white background included), leaving g's state as it was. */
  @Override
  public void render(Graphics2D graphics, Rectangle area) {
    Graphics2D g = (Graphics2D) graphics.create();
    try {
      hints(g);
      g.clip(area);
      g.setColor(Color.WHITE);
      g.fill(area);
      Layout l = layout(g, area);
      Rectangle2D p = l.area.bounds();
      if (heatMap != null) {
        drawHeatMap(g, l.area);
      } else {
        drawGrid(g, l);
      }
      Shape clip = g.getClip();
      g.clip(new Rectangle2D.Double(p.getX() - 1, p.getY() - 1, p.getWidth() + 2, p.getHeight() + 2));
      for (int i = 0; i < series.size(); i++) {
        drawSeries(g, series.get(i), colorOf(i), markerOf(i), l.area);
      }
      g.setClip(clip);
      drawAxes(g, l, area);
      if (heatMap != null) {
        drawColorBar(g, l);
      }
      drawLegend(g, l.area);
    } finally {
      g.dispose();
    }
  }

  static void writePng(BufferedImage img, Path png) throws IOException {
    OutputFiles.DISK.write(png, png(img));
  }

  /** {@code img} as PNG content. */
  static OutputFiles.Content png(BufferedImage img) {
    return out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new IOException("no PNG writer available");
      }
    };
  }

  static void hints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
  }

  // ---------------------------------------------------------------------------------------------------- layout

  /** The plot area, the ticks that fit it and the colour bar's rectangle and ticks (null without a heat map). */
  private record Layout(PlotArea area, List<Ticks.Tick> xTicks, List<Ticks.Tick> yTicks, Rectangle2D bar,
      List<Ticks.Tick> barTicks) {}

  private Layout layout(Graphics2D g, Rectangle r) {
    FontMetrics tick = g.getFontMetrics(TICK_FONT);
    FontMetrics label = g.getFontMetrics(LABEL_FONT);
    FontMetrics head = g.getFontMetrics(TITLE_FONT);
    Scale xs = scale(true);
    Scale ys = scale(false);

    double top = r.y + PAD + (hasText(title) ? head.getHeight() + 6 : tick.getHeight() / 2.0);
    double bottom = r.getMaxY() - PAD - TICK - GAP - tick.getHeight() - (hasText(xLabel) ? label.getHeight() : 0);
    List<Ticks.Tick> yTicks = yTicks(ys, bottom - top);
    double left = r.x + PAD + (hasText(yLabel) ? label.getHeight() + GAP : 0) + widest(tick, yTicks) + GAP + TICK;
    double right = r.getMaxX() - PAD;
    List<Ticks.Tick> barTicks = null;
    if (heatMap != null) {
      barTicks = Ticks.linear(heatMap.lo(), heatMap.hi(), target(bottom - top, 60));
      right -= 3 * GAP + BAR + TICK + GAP + widest(tick, barTicks)
          + (hasText(heatMap.label()) ? GAP + label.getHeight() : 0);
    }
    List<Ticks.Tick> xTicks = xTicks(xs, right - left, tick);
    if (heatMap == null) {
      right -= Math.max(0, lastHalfWidth(tick, xTicks, xs) - PAD / 2.0);
    }
    double w = Math.max(10, right - left);
    double h = Math.max(10, bottom - top);
    if (equalAspect) {
      double ux = (xs.hi() - xs.lo()) / w;
      double uy = (ys.hi() - ys.lo()) / h;
      if (ux > uy) {
        double h2 = (ys.hi() - ys.lo()) / ux;
        top += (h - h2) / 2;
        h = h2;
      } else {
        double w2 = (xs.hi() - xs.lo()) / uy;
        left += (w - w2) / 2;
        w = w2;
      }
    }
    Rectangle2D p = new Rectangle2D.Double(Math.round(left), Math.round(top), Math.round(w), Math.round(h));
    Rectangle2D bar = heatMap == null ? null
        : new Rectangle2D.Double(p.getMaxX() + 3 * GAP, p.getY(), BAR, p.getHeight());
    if (heatMap != null) {
      barTicks = Ticks.linear(heatMap.lo(), heatMap.hi(), target(p.getHeight(), 60));
    }
    List<Ticks.Tick> finalY = yTicks(ys, p.getHeight());
    List<Ticks.Tick> finalX = xTicks(xs, p.getWidth(), tick);
    if (equalAspect && finalY.size() >= 2) {
      List<Ticks.Tick> same = Ticks.withStep(xs.lo(), xs.hi(), finalY.get(1).value() - finalY.get(0).value());
      if (same.size() >= 2 && fits(same, xs, p.getWidth(), tick)) {
        finalX = same;
      }
    }
    return new Layout(new PlotArea(p, xs, ys), finalX, finalY, bar, barTicks);
  }

  private static List<Ticks.Tick> yTicks(Scale s, double length) {
    return s.ticks(target(length, 60));
  }

  /** The most ticks (about one per 100 pixels or fewer) whose labels keep 12 pixels apart. */
  private static List<Ticks.Tick> xTicks(Scale s, double length, FontMetrics fm) {
    for (int target = target(length, 100); ; target--) {
      List<Ticks.Tick> ticks = s.ticks(target);
      if (target <= 2 || fits(ticks, s, length, fm)) {
        return ticks;
      }
    }
  }

  /** Whether the labels of these x ticks keep 12 pixels apart. */
  private static boolean fits(List<Ticks.Tick> ticks, Scale s, double length, FontMetrics fm) {
    double lastEnd = Double.NEGATIVE_INFINITY;
    for (Ticks.Tick t : ticks) {
      if (t.major()) {
        double c = s.fraction(t.value()) * length;
        double half = fm.stringWidth(t.label()) / 2.0;
        if (c - half < lastEnd + 12) {
          return false;
        }
        lastEnd = c + half;
      }
    }
    return true;
  }

  private static int target(double length, double spacing) {
    return Math.max(2, (int) Math.round(length / spacing));
  }

  private static double widest(FontMetrics fm, List<Ticks.Tick> ticks) {
    double w = 0;
    for (Ticks.Tick t : ticks) {
      w = Math.max(w, fm.stringWidth(t.label()));
    }
    return w;
  }

  /** How far the last x label reaches past the right end of the axis. */
  private static double lastHalfWidth(FontMetrics fm, List<Ticks.Tick> ticks, Scale s) {
    double over = 0;
    for (Ticks.Tick t : ticks) {
      if (t.major() && s.fraction(t.value()) > 0.8) {
        over = Math.max(over, fm.stringWidth(t.label()) / 2.0);
      }
    }
    return over;
  }

  /** The axis's scale: fixed bounds, or the heat map's rectangle, or the data's range padded. */
  private Scale scale(boolean horizontal) {
    boolean log = horizontal ? xLog : yLog;
    double[] fixed = horizontal ? xRange : yRange;
    if (fixed != null) {
      return new Scale(log, fixed[0], fixed[1]);
    }
    if (heatMap != null) {
      return horizontal ? new Scale(false, heatMap.x0(), heatMap.x1()) : new Scale(false, heatMap.y0(),
          heatMap.y1());
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.points(); i++) {
        double v = horizontal ? s.x(i) : s.y(i);
        if (Double.isFinite(v) && (!log || v > 0)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (lo > hi) {
      return log ? new Scale(true, 1, 10) : new Scale(false, 0, 1);
    }
    double a = log ? Math.log10(lo) : lo;
    double b = log ? Math.log10(hi) : hi;
    if (a == b) {
      double d = log ? 0.5 : Math.max(0.5, Math.abs(a) * 0.1);
      a -= d;
      b += d;
    }
    double pad = (b - a) * padding;
    a -= pad;
    b += pad;
    return log ? new Scale(true, Math.pow(10, a), Math.pow(10, b)) : new Scale(false, a, b);
  }

  // --------------------------------------------------------------------------------------------------- drawing

  private void drawGrid(Graphics2D g, Layout l) {
    Rectangle2D p = l.area.bounds();
    g.setStroke(new BasicStroke(1f));
    for (boolean major : new boolean[] {false, true}) {
      g.setColor(major ? Palette.GRID : Palette.MINOR_GRID);
      for (Ticks.Tick t : l.xTicks) {
        if (t.major() == major) {
          double x = crisp(l.area.px(t.value()), p.getX(), p.getMaxX());
          g.draw(new Line2D.Double(x, p.getY(), x, p.getMaxY()));
        }
      }
      for (Ticks.Tick t : l.yTicks) {
        if (t.major() == major) {
          double y = crisp(l.area.py(t.value()), p.getY(), p.getMaxY());
          g.draw(new Line2D.Double(p.getX(), y, p.getMaxX(), y));
        }
      }
    }
  }

  private void drawHeatMap(Graphics2D g, PlotArea a) {
    Shape clip = g.getClip();
    g.clip(a.bounds());
    Object interpolation = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    BufferedImage img = heatMap.image();
    double x0 = a.px(heatMap.x0());
    double x1 = a.px(heatMap.x1());
    double yTop = a.py(heatMap.y1());
    double yBottom = a.py(heatMap.y0());
    AffineTransform t = new AffineTransform(
        (x1 - x0) / img.getWidth(), 0, 0, (yBottom - yTop) / img.getHeight(), x0, yTop);
    g.drawImage(img, t, null);
    if (interpolation != null) {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
    }
    g.setClip(clip);
  }

  private static void drawSeries(Graphics2D g, Series s, Color color, Series.Marker marker, PlotArea a) {
    Color c = Palette.withAlpha(color, s.alpha());
    if (s.kind() != Series.Kind.SCATTER) {
      g.setColor(c);
      g.setStroke(new BasicStroke((float) s.lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      Path2D.Double path = new Path2D.Double();
      boolean open = false;
      for (int i = 0; i < s.points(); i++) {
        double x = a.px(s.x(i));
        double y = a.py(s.y(i));
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
          if (open) {
            g.draw(path);
            path = new Path2D.Double();
          }
          open = false;
        } else if (!open) {
          path.moveTo(x, y);
          open = true;
        } else {
          if (s.kind() == Series.Kind.FRONT) {
            path.lineTo(x, path.getCurrentPoint().getY());
          }
          path.lineTo(x, y);
        }
      }
      if (open) {
        g.draw(path);
      }
    }
    if (s.hasMarkers()) {
      boolean outline = s.kind() != Series.Kind.SCATTER;
      for (int i = 0; i < s.points(); i++) {
        double x = a.px(s.x(i));
        double y = a.py(s.y(i));
        if (Double.isFinite(x) && Double.isFinite(y)) {
          drawMarker(g, marker, x, y, s.markerSize(), c, outline);
        }
      }
    }
  }

  private static void drawMarker(Graphics2D g, Series.Marker m, double x, double y, double size, Color c,
      boolean outline) {
    Shape shape = markerShape(m, x, y, size);
    g.setColor(c);
    g.fill(shape);
    if (outline) {
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(0.8f));
      g.draw(shape);
    }
  }

  private static Shape markerShape(Series.Marker m, double x, double y, double size) {
    double r = size / 2;
    switch (m) {
      case SQUARE:
        double q = r * 0.9;
        return new Rectangle2D.Double(x - q, y - q, 2 * q, 2 * q);
      case TRIANGLE: {
        double t = r * 1.2;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y - t);
        p.lineTo(x + t * 0.866, y + t * 0.5);
        p.lineTo(x - t * 0.866, y + t * 0.5);
        p.closePath();
        return p;
      }
      case DIAMOND: {
        double d = r * 1.25;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y - d);
        p.lineTo(x + d * 0.8, y);
        p.lineTo(x, y + d);
        p.lineTo(x - d * 0.8, y);
        p.closePath();
        return p;
      }
      default:
        return new Ellipse2D.Double(x - r, y - r, size, size);
    }
  }

  private void drawAxes(Graphics2D g, Layout l, Rectangle r) {
    Rectangle2D p = l.area.bounds();
    FontMetrics tick = g.getFontMetrics(TICK_FONT);
    g.setStroke(new BasicStroke(1f));
    g.setFont(TICK_FONT);
    for (Ticks.Tick t : l.xTicks) {
      double x = crisp(l.area.px(t.value()), p.getX(), p.getMaxX());
      g.setColor(Palette.FRAME);
      g.draw(new Line2D.Double(x, p.getMaxY(), x, p.getMaxY() + (t.major() ? TICK : TICK / 2.0)));
      if (t.major()) {
        g.setColor(Palette.TICK_TEXT);
        g.drawString(t.label(), (float) (x - tick.stringWidth(t.label()) / 2.0),
            (float) (p.getMaxY() + TICK + GAP + tick.getAscent()));
      }
    }
    drawYTicks(g, l.yTicks, l.area.y(), p, p.getX(), -1);
    g.setColor(Palette.FRAME);
    g.draw(new Rectangle2D.Double(p.getX() + 0.5, p.getY() + 0.5, p.getWidth() - 1, p.getHeight() - 1));

    FontMetrics label = g.getFontMetrics(LABEL_FONT);
    g.setColor(Palette.TEXT);
    g.setFont(LABEL_FONT);
    if (hasText(xLabel)) {
      double w = label.stringWidth(xLabel);
      double x = Math.max(r.x + PAD, Math.min(r.getMaxX() - PAD - w, p.getCenterX() - w / 2));
      g.drawString(xLabel, (float) x, (float) (p.getMaxY() + TICK + GAP + tick.getHeight() + label.getAscent()));
    }
    if (hasText(yLabel)) {
      double x = p.getX() - TICK - GAP - widest(tick, l.yTicks) - GAP - label.getDescent();
      vertical(g, yLabel, x, p.getCenterY(), label);
    }
    if (hasText(title)) {
      FontMetrics head = g.getFontMetrics(TITLE_FONT);
      g.setFont(TITLE_FONT);
      g.setColor(Palette.TEXT);
      double w = head.stringWidth(title);
      double x = Math.max(r.x + PAD, Math.min(r.getMaxX() - PAD - w, p.getCenterX() - w / 2));
      g.drawString(title, (float) x, (float) (p.getY() - 8 - head.getDescent()));
    }
  }

  /** Ticks on a vertical edge at x: labels to the left (side -1) or to the right (side +1). */
  private static void drawYTicks(Graphics2D g, List<Ticks.Tick> ticks, Scale s, Rectangle2D p, double x,
      int side) {
    FontMetrics fm = g.getFontMetrics(TICK_FONT);
    g.setFont(TICK_FONT);
    g.setStroke(new BasicStroke(1f));
    for (Ticks.Tick t : ticks) {
      double y = crisp(p.getMaxY() - s.fraction(t.value()) * p.getHeight(), p.getY(), p.getMaxY());
      g.setColor(Palette.FRAME);
      g.draw(new Line2D.Double(x, y, x + side * (t.major() ? TICK : TICK / 2.0), y));
      if (t.major()) {
        g.setColor(Palette.TICK_TEXT);
        double w = fm.stringWidth(t.label());
        double tx = side < 0 ? x - TICK - GAP - w : x + TICK + GAP;
        g.drawString(t.label(), (float) tx, (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0));
      }
    }
  }

  private void drawColorBar(Graphics2D g, Layout l) {
    Rectangle2D b = l.bar;
    int h = (int) b.getHeight();
    for (int j = 0; j < h; j++) {
      g.setColor(Palette.viridis(1 - (j + 0.5) / h));
      g.fill(new Rectangle2D.Double(b.getX(), b.getY() + j, b.getWidth(), 1));
    }
    g.setColor(Palette.FRAME);
    g.setStroke(new BasicStroke(1f));
    g.draw(new Rectangle2D.Double(b.getX() + 0.5, b.getY() + 0.5, b.getWidth() - 1, b.getHeight() - 1));
    drawYTicks(g, l.barTicks, new Scale(false, heatMap.lo(), heatMap.hi()), b, b.getMaxX(), +1);
    if (hasText(heatMap.label())) {
      FontMetrics tick = g.getFontMetrics(TICK_FONT);
      FontMetrics label = g.getFontMetrics(LABEL_FONT);
      g.setFont(LABEL_FONT);
      g.setColor(Palette.TEXT);
      double x = b.getMaxX() + TICK + GAP + widest(tick, l.barTicks) + GAP + label.getAscent();
      vertical(g, heatMap.label(), x, b.getCenterY(), label);
    }
  }

  /** Text turned a quarter anticlockwise, its baseline at x and centred on y. */
  private static void vertical(Graphics2D g, String text, double x, double y, FontMetrics fm) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    g.rotate(-Math.PI / 2);
    g.drawString(text, (float) (-fm.stringWidth(text) / 2.0), 0f);
    g.setTransform(saved);
  }

  private void drawLegend(Graphics2D g, PlotArea a) {
    List<Integer> entries = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      if (hasText(series.get(i).name())) {
        entries.add(i);
      }
    }
    if (entries.isEmpty() || legend == Legend.NONE) {
      return;
    }
    g.setFont(TICK_FONT);
    FontMetrics fm = g.getFontMetrics(TICK_FONT);
    double row = Math.max(fm.getHeight(), 14) + 2;
    double textWidth = 0;
    for (int i : entries) {
      textWidth = Math.max(textWidth, fm.stringWidth(series.get(i).name()));
    }
    double w = 8 + LEGEND_SAMPLE + 6 + textWidth + 8;
    double h = 6 + entries.size() * row + 6;
    Rectangle2D box = legendBox(a, w, h);
    g.setColor(new Color(255, 255, 255, 225));
    g.fill(new RoundRectangle2D.Double(box.getX(), box.getY(), w, h, 6, 6));
    g.setColor(new Color(0xCCCCCC));
    g.setStroke(new BasicStroke(1f));
    g.draw(new RoundRectangle2D.Double(box.getX() + 0.5, box.getY() + 0.5, w - 1, h - 1, 6, 6));
    double y = box.getY() + 6;
    for (int i : entries) {
      Series s = series.get(i);
      double cy = y + row / 2;
      double x0 = box.getX() + 8;
      Color c = colorOf(i);
      if (s.kind() != Series.Kind.SCATTER) {
        g.setColor(Palette.withAlpha(c, Math.max(s.alpha(), 0.85)));
        g.setStroke(new BasicStroke((float) Math.min(s.lineWidth(), 3), BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x0 + 1, cy, x0 + LEGEND_SAMPLE - 1, cy));
      }
      if (s.hasMarkers()) {
        double mx = x0 + LEGEND_SAMPLE / 2.0;
        double size = Math.max(Math.min(s.markerSize(), 9), 7);
        drawMarker(g, markerOf(i), mx, cy, size, c, s.kind() != Series.Kind.SCATTER);
        if (c.getRed() + c.getGreen() + c.getBlue() > 3 * 215) {
          g.setColor(Palette.FRAME);
          g.setStroke(new BasicStroke(0.8f));
          g.draw(markerShape(markerOf(i), mx, cy, size));
        }
      }
      g.setColor(Palette.TEXT);
      g.setFont(TICK_FONT);
      g.drawString(s.name(), (float) (x0 + LEGEND_SAMPLE + 6), (float) (cy + (fm.getAscent() - fm.getDescent())
          / 2.0));
      y += row;
    }
  }

  /** The legend's rectangle: the chosen corner, or under AUTO the corner covering the fewest points. */
  private Rectangle2D legendBox(PlotArea a, double w, double h) {
    Rectangle2D p = a.bounds();
    double inset = 8;
    double left = p.getX() + inset;
    double right = p.getMaxX() - inset - w;
    double top = p.getY() + inset;
    double bottom = p.getMaxY() - inset - h;
    Rectangle2D[] corners = {
        new Rectangle2D.Double(right, top, w, h), new Rectangle2D.Double(left, top, w, h),
        new Rectangle2D.Double(right, bottom, w, h), new Rectangle2D.Double(left, bottom, w, h)};
    if (legend != Legend.AUTO) {
      return corners[legend.ordinal() - 1];
    }
    Rectangle2D best = corners[0];
    long fewest = Long.MAX_VALUE;
    for (Rectangle2D c : corners) {
      long covered = 0;
      for (Series s : series) {
        int stride = Math.max(1, s.points() / 2000);
        for (int i = 0; i < s.points(); i += stride) {
          if (c.contains(a.px(s.x(i)), a.py(s.y(i)))) {
            covered += stride;
          }
        }
      }
      if (covered < fewest) {
        fewest = covered;
        best = c;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------------------------------------------- state

  /** The colour of series i: its own, or the next palette colour among those without one. */
  private Color colorOf(int i) {
    if (series.get(i).color() != null) {
      return series.get(i).color();
    }
    int k = 0;
    for (int j = 0; j < i; j++) {
      k += series.get(j).color() == null ? 1 : 0;
    }
    return Palette.series(k);
  }

  /** The marker of series i: its own, a circle for scatters, else the next shape among lines with markers. */
  private Series.Marker markerOf(int i) {
    Series s = series.get(i);
    if (s.marker() != null) {
      return s.marker();
    }
    if (s.kind() == Series.Kind.SCATTER) {
      return Series.Marker.CIRCLE;
    }
    int k = 0;
    for (int j = 0; j < i; j++) {
      Series o = series.get(j);
      k += o.kind() != Series.Kind.SCATTER && o.hasMarkers() && o.marker() == null ? 1 : 0;
    }
    return Series.Marker.values()[k % Series.Marker.values().length];
  }

  /** Rejects what the axes cannot show, naming the series and the value. */
  private Chart checked() {
    if ((equalAspect || heatMap != null) && (xLog || yLog)) {
      throw new IllegalArgumentException((heatMap != null ? "a heat map" : "an equal aspect ratio")
          + " needs linear axes");
    }
    if (xLog && xRange != null && !(xRange[0] > 0)) {
      throw new IllegalArgumentException("a log x axis needs a positive range, got [" + xRange[0] + ", "
          + xRange[1] + "]");
    }
    if (yLog && yRange != null && !(yRange[0] > 0)) {
      throw new IllegalArgumentException("a log y axis needs a positive range, got [" + yRange[0] + ", "
          + yRange[1] + "]");
    }
    for (Series s : series) {
      for (int i = 0; i < s.points(); i++) {
        if (xLog && s.x(i) <= 0) {
          throw logError(s, "x", s.x(i), i);
        }
        if (yLog && s.y(i) <= 0) {
          throw logError(s, "y", s.y(i), i);
        }
      }
    }
    return this;
  }

  private static IllegalArgumentException logError(Series s, String axis, double v, int i) {
    return new IllegalArgumentException("series " + Series.quoted(s.name()) + " has " + axis + " = " + v
        + " at index " + i + ", but a log " + axis + " axis can only show positive values");
  }

  private static double[] range(double lo, double hi, String axis) {
    if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi)) {
      throw new IllegalArgumentException(axis + " range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
    }
    return new double[] {lo, hi};
  }

  private Chart copy() {
    Chart c = new Chart();
    c.title = title;
    c.xLabel = xLabel;
    c.yLabel = yLabel;
    c.xLog = xLog;
    c.yLog = yLog;
    c.xRange = xRange;
    c.yRange = yRange;
    c.padding = padding;
    c.equalAspect = equalAspect;
    c.legend = legend;
    c.heatMap = heatMap;
    c.series = series;
    return c;
  }

  private static boolean hasText(String s) {
    return s != null && !s.isEmpty();
  }

  /** The centre of the pixel column or row holding v, within [lo, hi), so that one-pixel lines stay sharp. */
  private static double crisp(double v, double lo, double hi) {
    return Math.max(lo + 0.5, Math.min(hi - 0.5, Math.floor(v) + 0.5));
  }
}
