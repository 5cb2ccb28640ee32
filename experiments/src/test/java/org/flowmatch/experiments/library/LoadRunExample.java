package org.flowmatch.experiments.library;

import java.nio.file.Path;
import org.flowmatch.experiments.run.Runs;
import org.flowmatch.experiments.run.TrainedRun;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained run from Java: the same weights (EMA), path and solver as {@code flowmatch sample}. */
public final class LoadRunExample {

  /** {@code n} samples of the run in {@code dir} from seed {@code seed}, and their log-likelihoods. */
  public static INDArray[] run(Path dir, int n, long seed) {
    TrainedRun run = Runs.load(dir);
    INDArray samples = run.sample(n, seed); // = flowmatch sample DIR --n N --seed SEED
    INDArray logp = run.logLikelihood(samples, seed).logLikelihood();
    return new INDArray[] {samples, logp};
  }
}
