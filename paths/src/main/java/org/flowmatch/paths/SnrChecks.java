package org.flowmatch.paths;

/** The argument check shared by every scheduler's {@code snrInverse}. */
final class SnrChecks {
  private SnrChecks() {}

  /** {@code snr} must lie in [{@code min}, {@code max}] (max may be infinite). */
  static double inRange(String scheduler, double snr, double min, double max) {
    if (!(snr >= min && snr <= max)) {
      throw new IllegalArgumentException(scheduler + ": snr must lie in [" + min + ", " + max + "], got " + snr);
    }
    return snr;
  }
}
