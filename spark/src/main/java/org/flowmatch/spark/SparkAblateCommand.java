package org.flowmatch.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.flowmatch.experiments.ablation.Collect;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.ablation.Study;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.models.Parallelism;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ablate", mixinStandardHelpOptions = true,
    description = {"Run an ablation grid on Spark: one task per training group (a model and",
        "the cells that share it), each writing its cells into the study directory,",
        "which every executor must see (a shared file system); then results.csv,",
        "results.md and the plots, as `flowmatch ablate` writes them. Resumable: a",
        "rerun skips finished cells. Exit 1 if a cell failed or is missing, 2 on bad",
        "input. The last line is the study directory (docs/cluster.md)."})
final class SparkAblateCommand implements Callable<Integer> {
  /** The master URLs Spark 4 accepts. */
  private static final Pattern MASTER = Pattern.compile(
      "local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^/\\s]+|yarn|k8s://\\S+");

  @Parameters(index = "0", paramLabel = "GRID.yaml", description = "The grid.")
  Path gridFile;

  @Option(names = "--master", paramLabel = "URL",
      description = "local[N], spark://HOST:PORT, yarn or k8s://HOST:PORT (default: spark-submit's --master).")
  String master;

  @Option(names = "--out", paramLabel = "DIR",
      description = "The study directory, on a file system that every executor sees (default: studies/<grid name>).")
  Path out;

  @Option(names = "--threads", paramLabel = "N", description = "Cores per task, flowmatch threads per network "
      + "(default: this JVM's flowmatch.threads; results depend on it, so give the local runner's).")
  Integer threads;

  @Option(names = "--offheap", paramLabel = "MiB", defaultValue = "2048",
      description = "ND4J off-heap cap per executor, MiB (default: ${DEFAULT-VALUE}).")
  long offHeapMiB;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (master == null) {
      master = System.getProperty("spark.master"); // set by spark-submit
      if (master == null) {
        throw new IllegalArgumentException("--master: give a Spark master URL (or run through spark-submit --master)");
      }
    }
    checkMaster(master);
    int t = threads != null ? threads : Parallelism.shared().threads();
    if (t < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + t);
    }
    Grid grid = Grid.load(gridFile);
    Path dir = (out != null ? out : Path.of("studies", grid.name())).toAbsolutePath();
    GridSpec spec = GridSpec.of(grid);
    Study study = new Study(grid, dir, 1, System.out, StopSignal.never());
    study.validate(); // as ablate does: an invalid cell is one line and exit 2, before Spark starts
    List<Study.Group> groups = study.groups();
    List<Grid.Cell> cells = grid.cells();
    List<GroupTask> tasks = new ArrayList<>();
    for (Study.Group g : groups) {
      tasks.add(new GroupTask(spec, g.key(), g.cells().stream().map(Grid.Cell::index).toList(), dir, g.cost()));
    }
    // Longest first: Spark starts partitions in order, so the long trainings do not end up last.
    tasks.sort(Comparator.comparingDouble(GroupTask::cost).reversed().thenComparing(GroupTask::key));
    System.out.printf(Locale.ROOT, "study %s: %d cells, %d training groups as Spark tasks on %s, %d thread(s) each%n",
        dir, cells.size(), tasks.size(), master, t);
    SparkConf conf = new SparkConf().setAppName("flowmatch ablate " + grid.name()).setMaster(master);
    ExecutorSettings.apply(conf, t, offHeapMiB);
    java.nio.file.Files.createDirectories(dir.resolve("cells"));
    long start = System.nanoTime();
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      List<String> lines = sc.parallelize(tasks, Math.max(1, tasks.size())).map(GroupTask::run).collect();
      lines.forEach(System.out::println);
    }
    System.out.printf(Locale.ROOT, "ran %d Spark tasks in %.1f s%n", tasks.size(), (System.nanoTime() - start) / 1e9);
    return Collect.report(study.collect(), dir, System.out);
  }

  /** Bad master URLs fail here with one line, not after Spark's retries. */
  static void checkMaster(String master) {
    if (!MASTER.matcher(master).matches()) {
      throw new IllegalArgumentException("--master '" + master + "' is not a Spark master URL: give local[N], "
          + "spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }
    if (master.startsWith("spark://")) {
      for (String hostPort : master.substring("spark://".length()).split(",")) {
        URI uri = URI.create("spark://" + hostPort);
        if (uri.getHost() == null || uri.getPort() < 0) {
          throw new IllegalArgumentException("--master '" + master + "': '" + hostPort + "' is not HOST:PORT");
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
          return; // one reachable master is enough
        } catch (IOException e) {
          if (!master.contains(",")) {
            throw new IllegalArgumentException("--master '" + master + "': no Spark master answers at " + hostPort
                + " (" + e.getMessage() + ")");
          }
        }
      }
      throw new IllegalArgumentException("--master '" + master + "': none of its masters answers");
    }
  }
}
