package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.experiments.ablation.Grid.Cell;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.Provenance;
import org.flowmatch.experiments.wiring.Experiment;

/**
 * Splits a study's training groups into N shards for N processes (a batch scheduler's job array, several machines
 * over a shared file system): a training group's cells stay together (its model is trained once, in one shard),
 * and the groups are balanced by expected cost with the longest-processing-time-first rule (largest group first,
 * each to the least loaded shard; ties by key, then lowest shard), which is within 4/3 of the best balance. The
 * assignment depends only on the grid, never on which cells have finished, so every shard computes the same one.
 *
 * <p>Shards share no file: each group's {@code models/KEY/} and its cells' {@code cells/ID/} belong to one shard,
 * and each shard's log is {@code shards/I-of-N.json}. The tables are built afterwards by {@code --collect}.
 */
public final class Shards {
  /** Typical evaluations of a sampling solve, for the cost proxy (an adaptive solver's count is not known ahead). */
  static final int EVALUATIONS = 50;

  private Shards() {}

  /**
   * Shard {@code index} of {@code count}, 1-based as written on the command line ({@code --shard 2/4}).
   *
   * @param index 1..count
   * @param count the number of shards
   */
  public record Shard(int index, int count) {
    public Shard {
      if (count < 1) {
        throw new IllegalArgumentException("--shard " + index + "/" + count + ": the shard count must be at least 1");
      }
      if (index < 1 || index > count) {
        throw new IllegalArgumentException("--shard " + index + "/" + count + ": the shard index must be between 1 and "
            + count);
      }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(-?\\d+)\\s*/\\s*(-?\\d+)\\s*").matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("--shard '" + text + "' must be I/N, shard I (1 to N) of N, e.g. 2/4");
      }
      try {
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--shard '" + text + "': numbers too large");
      }
    }

    /** The name of this shard's files: {@code I-of-N}. */
    public String name() {
      return index + "-of-" + count;
    }
  }

  /**
   * The expected cost of training {@code e}'s model, in rows through the network: forward and backward of
   * {@code train.steps} batches of {@code train.batch_size} (about three forward passes each), and for a coupling
   * other than {@code independent} the exact assignment of each batch, batch²/20 rows a step (it measured five times
   * the rest of a step at batch 256, docs/ablations.md); 0 if nothing trains.
   */
  static double trainingCost(Experiment e) {
    if (!e.trainable()) {
      return 0;
    }
    double batch = e.trainer().config().batchSize();
    double perStep = 3 * batch + ("independent".equals(e.train().coupling()) ? 0 : batch * batch / 20);
    return perStep * e.trainer().config().steps();
  }

  /**
   * The expected cost of evaluating one cell, in the same units: {@code eval.samples} rows through
   * {@value #EVALUATIONS} solver evaluations, and for the likelihood {@code likelihood.points} rows each with one
   * more evaluation per data dimension (the exact divergence).
   */
  static double evaluationCost(Experiment e) {
    double sampling = (double) e.eval().samples() * EVALUATIONS;
    double likelihood = e.source().hasDensity()
        ? (double) e.eval().likelihoodPoints() * EVALUATIONS * (1 + e.data().dim()) : 0;
    return sampling + likelihood;
  }

  /** The groups of each of {@code count} shards (index 0 is shard 1), each shard's groups in grid order. */
  public static List<List<Study.Group>> assign(List<Study.Group> groups, int count) {
    List<Study.Group> byCost = new ArrayList<>(groups);
    byCost.sort(Comparator.comparingDouble(Study.Group::cost).reversed().thenComparing(Study.Group::key));
    double[] load = new double[count];
    Map<String, Integer> shardOf = new LinkedHashMap<>();
    for (Study.Group g : byCost) {
      int best = 0;
      for (int s = 1; s < count; s++) {
        if (load[s] < load[best]) {
          best = s;
        }
      }
      load[best] += g.cost();
      shardOf.put(g.key(), best);
    }
    List<List<Study.Group>> shards = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      shards.add(new ArrayList<>());
    }
    for (Study.Group g : groups) {
      shards.get(shardOf.get(g.key())).add(g);
    }
    return shards;
  }

  /**
   * Runs shard {@code shard} of {@code study}: validates every cell of the grid ({@link Study#validate}), runs the
   * unfinished cells of its groups, then writes its log
   * {@code shards/I-of-N.json} (groups, cells, expected cost, wall time, provenance). Returns the number of cells
   * of the shard that failed.
   */
  public static long run(Study study, Path dir, Shard shard, PrintStream out)
      throws IOException, InterruptedException {
    study.validate(); // every shard checks the whole grid: an invalid cell stops them all alike, nothing written
    long start = System.nanoTime();
    List<Study.Group> all = study.groups();
    List<Study.Group> mine = assign(all, shard.count()).get(shard.index() - 1);
    List<Cell> cells = mine.stream().flatMap(g -> g.cells().stream()).toList();
    double cost = mine.stream().mapToDouble(Study.Group::cost).sum();
    double total = all.stream().mapToDouble(Study.Group::cost).sum();
    out.printf(Locale.ROOT, "shard %s: %d of %d training groups, %d cells, %.0f%% of the expected cost%n",
        shard.name().replace("-of-", "/"), mine.size(), all.size(), cells.size(), total == 0 ? 0 : 100 * cost / total);
    Files.createDirectories(dir.resolve("cells"));
    study.execute(cells);
    long failed = 0;
    List<String> missing = new ArrayList<>();
    for (Cell c : cells) {
      Map<String, Object> r = CellResults.read(dir.resolve("cells").resolve(c.id()).resolve("result.json"));
      if (r == null) {
        missing.add(c.id());
      } else if ("failed".equals(r.get("status"))) {
        failed++;
      }
    }
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("shard", shard.name());
    log.put("groups", mine.stream().map(Study.Group::key).toList());
    log.put("cells", cells.stream().map(Cell::id).toList());
    log.put("expected_cost", cost);
    log.put("failed", failed);
    log.put("pending", missing);
    log.put("wall_time_s", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    log.put("finished", Instant.now().toString());
    log.put("environment", Provenance.environment());
    StudyFiles.write(dir.resolve("shards").resolve(shard.name() + ".json"), Json.write(log));
    return failed + missing.size();
  }
}
