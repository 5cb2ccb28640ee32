package org.flowmatch.experiments.wiring;

import org.flowmatch.core.Rng;

/**
 * The independent random streams of a run, all derived from its one seed in a fixed order, so that changing how
 * long training runs does not change the noise that sampling starts from.
 *
 * @param seed the run's seed
 * @param train training batches
 * @param sample the source samples of sampling and plots
 * @param heldOut the held-out data whose likelihood is computed
 * @param likelihood the Hutchinson probes
 */
public record Seeds(long seed, Rng train, Rng sample, Rng heldOut, Rng likelihood) {

  /**
   * The initialisation stream of one config section, derived from the seed and the section's name alone, so that
   * a component's initial draws do not depend on which other components were built first.
   */
  public Rng init(String section) {
    long h = seed;
    for (char ch : section.toCharArray()) {
      h = h * 0x9E3779B97F4A7C15L + ch;
    }
    return Rng.seeded(h ^ 0x5DEECE66DL);
  }

  /** The stream of an evaluation's {@code stream} (a metric's own draws): {@link #init} of {@code eval.STREAM}. */
  public Rng evaluation(String stream) {
    return init("eval." + stream);
  }

  public static Seeds of(long seed) {
    Rng master = Rng.seeded(seed);
    // The first stream once served initialisation, which now draws from init(section); skipping it keeps every
    // other stream, and so every recorded result, as it was.
    master.split();
    return new Seeds(seed, master.split(), master.split(), master.split(), master.split());
  }
}
