package org.flowmatch.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Ticks are round, cover the range, and read as the numbers they stand for. */
class TicksTest {

  private static final String SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";

  private static List<String> labels(List<Ticks.Tick> ticks) {
    return ticks.stream().filter(Ticks.Tick::major).map(Ticks.Tick::label).collect(Collectors.toList());
  }

  private static List<Double> majors(List<Ticks.Tick> ticks) {
    return ticks.stream().filter(Ticks.Tick::major).map(Ticks.Tick::value).collect(Collectors.toList());
  }

  /** Reads a label back: "−1.5", "2.5×10⁻⁵" or "10³". */
  static double parse(String label) {
    String s = label.replace(Ticks.MINUS, '-');
    int times = s.indexOf('\u00d7');
    boolean bare = s.startsWith("10") && !s.chars().allMatch(c -> c == '.' || c == '-' || Character.isDigit(c));
    if (times < 0 && !bare) {
      return Double.parseDouble(s);
    }
    String power = times >= 0 ? s.substring(times + 1) : s;
    double mantissa = times >= 0 ? Double.parseDouble(s.substring(0, times)) : 1;
    StringBuilder exponent = new StringBuilder();
    for (char c : power.substring(2).toCharArray()) {
      exponent.append(c == '\u207b' ? '-' : (char) ('0' + SUPERSCRIPTS.indexOf(c)));
    }
    return mantissa * Math.pow(10, Integer.parseInt(exponent.toString()));
  }

  @Test
  void linearTicksAreNiceRoundStepsCoveringTheRange() {
    Random rng = new Random(11);
    for (int trial = 0; trial < 2000; trial++) {
      double scale = Math.pow(10, rng.nextInt(12) - 6);
      double lo = (rng.nextDouble() * 20 - 10) * scale;
      double hi = lo + (0.01 + rng.nextDouble() * 30) * scale;
      int target = 2 + rng.nextInt(9);
      List<Ticks.Tick> ticks = Ticks.linear(lo, hi, target);
      String where = "[" + lo + ", " + hi + "] target " + target + ": " + labels(ticks);
      assertTrue(ticks.size() >= 2 && ticks.size() <= 2 * target + 1, where);
      double step = ticks.get(1).value() - ticks.get(0).value();
      double mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
      assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6,
          "step " + step + " for " + where);
      for (Ticks.Tick t : ticks) {
        double k = t.value() / step;
        assertEquals(Math.rint(k), k, 1e-6, "tick " + t.value() + " is not a multiple of " + step + " in " + where);
        assertTrue(t.value() >= lo - 1e-9 * step && t.value() <= hi + 1e-9 * step, where);
        assertEquals(t.value(), parse(t.label()), step * 1e-6, "label of " + t.value() + " in " + where);
      }
      assertTrue(ticks.get(0).value() - lo < step && hi - ticks.get(ticks.size() - 1).value() < step, where);
    }
  }

  @Test
  void labelsHaveTheDecimalsOfTheStepAndNoRoundingNoise() {
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Ticks.linear(0, 1, 5)));
    assertEquals(List.of("0.10", "0.15", "0.20", "0.25", "0.30", "0.35"), labels(Ticks.linear(0.1, 0.35, 5)));
    assertEquals(List.of("\u22121.0", "\u22120.5", "0.0", "0.5", "1.0"), labels(Ticks.linear(-1, 1, 4)));
    assertEquals(List.of("0", "1000", "2000", "3000", "4000", "5000"), labels(Ticks.linear(-250, 5250, 6)));
    assertEquals("0.3", Ticks.format(0.1 + 0.2, 0.1, 0.3));
    assertEquals("2\u00d710\u2076", Ticks.format(2e6, 1e6, 4e6));
    assertEquals("2.5\u00d710\u207b\u2075", Ticks.format(2.5e-5, 5e-6, 4e-5));
    assertEquals("10\u207b\u00b9\u00b2", Ticks.power(-12));
    assertEquals(-1.2e-12, parse("\u22121.2\u00d7" + Ticks.power(-12)), 1e-25);
    for (double v = 0; v < 3; v += 0.1) {
      String s = Ticks.format(v, 0.1, 3);
      assertTrue(s.length() <= 3, s);
    }
  }

  @Test
  void logAxesHaveDecadesWithMinorTicksBetween() {
    List<Ticks.Tick> ticks = Ticks.log(1e-5, 1, 8);
    assertEquals(List.of("10\u207b\u2075", "10\u207b\u2074", "10\u207b\u00b3", "10\u207b\u00b2", "10\u207b\u00b9",
        "10\u2070"), labels(ticks));
    List<Double> values = majors(ticks);
    for (int k = 0; k < values.size(); k++) {
      assertEquals(Math.pow(10, k - 5), values.get(k), 1e-20);
    }
    long minors = ticks.stream().filter(t -> !t.major()).count();
    assertEquals(5 * 8, minors);
    assertEquals(List.of("1", "10", "100", "1000"), labels(Ticks.log(0.8, 1500, 6)));
    assertEquals(List.of("0.001", "0.01", "0.1", "1"), labels(Ticks.log(1e-3, 1, 6)));
    for (double[] range : new double[][] {{1e-5, 1}, {0.8, 1500}, {1e-30, 1e30}, {0.5, 20}, {3, 7}, {2e-7, 9e-6}}) {
      for (Ticks.Tick t : Ticks.log(range[0], range[1], 6)) {
        if (t.major()) {
          assertEquals(t.value(), parse(t.label()), t.value() * 1e-9, t.label());
        }
      }
    }
  }

  @Test
  void logAxesOverManyDecadesLabelEveryFewAndNarrowOnesFallBackTo125ThenLinear() {
    List<Double> wide = majors(Ticks.log(1e-20, 1, 6));
    assertEquals(List.of(1e-20, 1e-15, 1e-10, 1e-5, 1.0), wide);
    assertEquals(List.of("0.5", "1", "2", "5", "10", "20"), labels(Ticks.log(0.5, 20, 6)));
    assertEquals(List.of("3", "4", "5", "6", "7"), labels(Ticks.log(3, 7, 5)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 10, 5));
    assertEquals("a log axis needs positive bounds, got [0.0, 10.0]", e.getMessage());
  }
}
