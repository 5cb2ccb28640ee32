package org.flowmatch.experiments.wiring;

import org.flowmatch.core.Rng;

/**
 * The independent random streams of a run, all derived from its one seed in a fixed order, so that changing how
 * long training runs does not change the noise that sampling starts from.
 *
 * @param seed the run's seed
 * @param init network initialisation
 * @param train training batches
 * @param sample the source samples of sampling and plots
 * @param heldOut the held-out data whose likelihood is computed
 * @param likelihood the Hutchinson probes
 */
public record Seeds(long seed, Rng init, Rng train, Rng sample, Rng heldOut, Rng likelihood) {

  public static Seeds of(long seed) {
    Rng master = Rng.seeded(seed);
    return new Seeds(seed, master.split(), master.split(), master.split(), master.split(), master.split());
  }
}
