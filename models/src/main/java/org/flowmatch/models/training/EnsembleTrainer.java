package org.flowmatch.models.training;

import java.util.List;
import org.flowmatch.models.Parallelism;

/**
 * Trains a group of independent models (for example the cells of an ablation grid that differ only by seed)
 * together: members run concurrently, one per core, each through its own {@link CfmTrainer} and
 * {@link TrainingState} (its own generator, optimiser and buffers), so that every member ends with the same bytes as
 * training it alone with the same thread count. The entry point for the ablation runner (issues 12 and 13 wire it).
 *
 * <p>Why concurrency rather than one batched network: members share no arithmetic (each has its own weights), so a
 * batched step would do the same products; what a group saves is the JVM's start-up and JIT warm-up, which a short
 * training pays in full when each cell is its own run, and the gaps of a single member's step (its sampling and
 * bookkeeping on one core) that a second member fills. Members' networks split their rows over
 * {@link Parallelism#shared()} as they would alone when its workers are free, and compute every block themselves
 * when another member holds them; either way a member's bits are those of training it alone.
 */
public final class EnsembleTrainer {
  private final Parallelism parallelism;

  /** @param parallelism how many members train at once ({@link Parallelism#threads()}) */
  public EnsembleTrainer(Parallelism parallelism) {
    if (parallelism == null) {
      throw new IllegalArgumentException("parallelism must be given");
    }
    this.parallelism = parallelism;
  }

  /** One member: its trainer, its state and its listener. */
  public record Member(CfmTrainer trainer, TrainingState state, TrainingListener listener) {
    public Member {
      if (trainer == null || state == null || listener == null) {
        throw new IllegalArgumentException("a member needs a trainer, a state and a listener");
      }
    }
  }

  /**
   * Runs every member to its {@link TrainConfig#steps()} (or until its listener stops it); returns when all are
   * done. The first failure is rethrown after the others finish.
   */
  public void run(List<Member> members) {
    List<Member> all = List.copyOf(members);
    int n = all.size();
    int slots = Math.min(n, parallelism.threads());
    // Slot s trains members s, s + slots, ...: a fixed assignment, though results do not depend on it.
    parallelism.run(slots, s -> {
      for (int i = s; i < n; i += slots) {
        Member m = all.get(i);
        m.trainer().run(m.state(), m.listener());
      }
    });
  }
}
