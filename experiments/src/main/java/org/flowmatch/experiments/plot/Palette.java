package org.flowmatch.experiments.plot;

import java.awt.Color;

/**
 * The colours of every plot: the Okabe-Ito palette for series (safe for the common colour-vision deficiencies and
 * distinct in grey-scale print), viridis for values, and the greys of the frame.
 */
public final class Palette {

  /** Okabe-Ito, reordered so that the first colours are the most distinct on white: blue, vermillion, green, ... */
  private static final Color[] SERIES = {
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

  /** Viridis (matplotlib's, CC0) at every eighth of its 256 entries and the last; linear in between. */
  private static final double[][] VIRIDIS = {
      {0.267004, 0.004874, 0.329415}, {0.277018, 0.050344, 0.375715}, {0.282327, 0.094955, 0.417331},
      {0.282884, 0.135920, 0.453427}, {0.278826, 0.175490, 0.483397}, {0.270595, 0.214069, 0.507052},
      {0.258965, 0.251537, 0.524736}, {0.244972, 0.287675, 0.537260}, {0.229739, 0.322361, 0.545706},
      {0.214298, 0.355619, 0.551184}, {0.199430, 0.387607, 0.554642}, {0.185556, 0.418570, 0.556753},
      {0.172719, 0.448791, 0.557885}, {0.160665, 0.478540, 0.558115}, {0.149039, 0.508051, 0.557250},
      {0.137770, 0.537492, 0.554906}, {0.127568, 0.566949, 0.550556}, {0.120565, 0.596422, 0.543611},
      {0.120638, 0.625828, 0.533488}, {0.134692, 0.658636, 0.517649}, {0.157851, 0.683765, 0.501686},
      {0.196571, 0.711827, 0.479221}, {0.246070, 0.738910, 0.452024}, {0.304148, 0.764704, 0.419943},
      {0.369214, 0.788888, 0.382914}, {0.440137, 0.811138, 0.340967}, {0.515992, 0.831158, 0.294279},
      {0.595839, 0.848717, 0.243329}, {0.678489, 0.863742, 0.189503}, {0.762373, 0.876424, 0.137064},
      {0.845561, 0.887322, 0.099702}, {0.926106, 0.897330, 0.104071}, {0.993248, 0.906157, 0.143936}};

  /** Cells without a value (NaN, or -infinity such as the log of zero density). */
  public static final Color MISSING = new Color(0xD9D9D9);

  static final Color TEXT = new Color(0x222222);
  static final Color TICK_TEXT = new Color(0x333333);
  static final Color FRAME = new Color(0x555555);
  static final Color GRID = new Color(0xE5E5E5);
  static final Color MINOR_GRID = new Color(0xF3F3F3);

  private Palette() {}

  /** The number of distinct series colours before they repeat. */
  public static int size() {
    return SERIES.length;
  }

  /** The colour of the i-th series (cycling). */
  public static Color series(int i) {
    return SERIES[Math.floorMod(i, SERIES.length)];
  }

  /** Viridis at u in [0, 1] (clamped): dark purple at 0, yellow at 1. */
  public static Color viridis(double u) {
    double x = Math.max(0, Math.min(1, u)) * 255;
    double[] lo;
    double[] hi;
    double f;
    if (x >= 248) {
      lo = VIRIDIS[31];
      hi = VIRIDIS[32];
      f = (x - 248) / 7;
    } else {
      int i = (int) (x / 8);
      lo = VIRIDIS[i];
      hi = VIRIDIS[i + 1];
      f = (x - 8 * i) / 8;
    }
    return new Color(channel(lo[0], hi[0], f), channel(lo[1], hi[1], f), channel(lo[2], hi[2], f));
  }

  /** The colour c drawn with opacity alpha over background bg. */
  static Color over(Color c, double alpha, Color bg) {
    return new Color(mix(c.getRed(), bg.getRed(), alpha), mix(c.getGreen(), bg.getGreen(), alpha),
        mix(c.getBlue(), bg.getBlue(), alpha));
  }

  static Color withAlpha(Color c, double alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, alpha))));
  }

  private static int mix(int a, int b, double alpha) {
    return (int) Math.round(alpha * a + (1 - alpha) * b);
  }

  private static int channel(double lo, double hi, double f) {
    return (int) Math.round(255 * (lo + f * (hi - lo)));
  }
}
