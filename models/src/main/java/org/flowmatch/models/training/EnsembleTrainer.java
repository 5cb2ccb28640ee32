package org.flowmatch.models.training;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.flowmatch.models.Parallelism;

/**
 * Trains a group of independent models (for example the cells of an ablation grid that differ only by seed)
 * together: members run concurrently, one per core, each through its own {@link CfmTrainer} and
 * {@link TrainingState} (its own generator, optimiser and buffers), so that every member ends with the same bytes as
 * training it alone with the same thread count. {@code flowmatch ablate --workers N} trains a grid's models
 * concurrently the same way (its own executor, one model per worker); this class is the API for code that holds the
 * members itself, and what {@code flowmatch bench --workloads ensemble} measures.
 *
 * <p>Why concurrency rather than one batched network: members share no arithmetic (each has its own weights), so a
 * batched step would do the same products; what a group saves is the JVM's start-up and JIT warm-up, which a short
 * training pays in full when each cell is its own run, and the gaps of a single member's step (its sampling and
 * bookkeeping on one core) that a second member fills. So a group on T threads cannot finish before a T-th of its
 * members' work on one thread, and where a lone training already keeps the cores busy it gains little: on a 2-core
 * machine the 3 x 64 network's group of five gains 1.4-1.6x over training them in turn, against a measured bound
 * of 1.6-1.7x (docs/performance.md). Members' networks split their rows over {@link Parallelism#shared()} as they
 * would alone when its workers are free, and compute every block themselves when another member holds them; either
 * way a member's bits are those of training it alone.
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
   *
   * <p>Members are stepped in pieces ({@link #piece}) taken in turn from one queue by every thread, so that five
   * members on two threads keep both busy to the end (a fixed member-per-thread split left one thread with three
   * members, the other with two). A member's bits do not depend on which thread steps it. Pass
   * {@link Parallelism#shared()}: the members' networks then find its workers busy and compute their row blocks on
   * the member's own thread, instead of a third thread competing for the cores.
   */
  public void run(List<Member> members) {
    List<Member> all = List.copyOf(members);
    int n = all.size();
    int slots = Math.min(n, parallelism.threads());
    ConcurrentLinkedQueue<Integer> ready = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < n; i++) {
      ready.add(i);
    }
    // A thread that finds the queue empty is done: every unfinished member is then being stepped by a thread that
    // polls again as soon as it puts the member back.
    parallelism.run(slots, s -> {
      for (Integer i = ready.poll(); i != null; i = ready.poll()) {
        Member m = all.get(i);
        int piece = piece(m.trainer().config());
        if (!m.trainer().run(m.state(), m.listener(), (m.state().step() / piece + 1) * piece)) {
          ready.add(i);
        }
      }
    });
  }

  /**
   * Steps per piece: the log interval where there is one, else 100. Pieces end on its multiples (a resumed member's
   * first piece is shorter), so that logged averages cover the same steps as in one run.
   */
  static int piece(TrainConfig config) {
    return config.logEvery() > 0 ? config.logEvery() : 100;
  }
}
