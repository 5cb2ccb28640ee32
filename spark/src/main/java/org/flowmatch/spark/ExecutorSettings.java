package org.flowmatch.spark;

import org.apache.spark.SparkConf;

/**
 * What flowmatch sets on Spark executors (each only if the user has not set it), and why:
 *
 * <ul>
 *   <li>{@code spark.executorEnv.OMP_NUM_THREADS=1}: libnd4j's OpenMP and OpenBLAS threads spin while idle, and two
 *       pools per core starve each other (docs/performance.md); flowmatch spreads a batch over its own threads.
 *   <li>{@code spark.task.cpus} = {@code -Dflowmatch.threads} = {@code --threads}: a task uses that many cores, and
 *       results depend on the thread count (lanes), so every executor uses the same one.
 *   <li>{@code spark.executor.extraJavaOptions} += {@code -Dorg.bytedeco.javacpp.cachedir=javacpp-cache}: a
 *       relative path, that is one JavaCPP cache per executor in its own working directory, so executors sharing a
 *       node (or an NFS home directory) never unpack the native libraries into one folder at once;
 *       {@code -Dorg.bytedeco.javacpp.maxbytes=OFFHEAP}: ND4J's off-heap arrays are capped (JavaCPP collects
 *       garbage before it passes the cap), so an executor stays within its container;
 *   <li>{@code spark.executor.memoryOverhead} = OFFHEAP + 512 MiB: YARN and Kubernetes count off-heap memory in the
 *       container, so they must be told of it (standalone ignores it);
 *   <li>{@code spark.speculation=false}: two attempts of one training group would train the same model twice.
 * </ul>
 */
final class ExecutorSettings {
  private ExecutorSettings() {}

  static void apply(SparkConf conf, int threads, long offHeapMiB) {
    conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
    conf.setIfMissing("spark.task.cpus", String.valueOf(threads));
    conf.setIfMissing("spark.speculation", "false");
    conf.setIfMissing("spark.executor.memoryOverhead", (offHeapMiB + 512) + "m");
    StringBuilder options = new StringBuilder(conf.get("spark.executor.extraJavaOptions", "").strip());
    // Each of ours unless the user's options set it (a node-wide cache on a local disk, say).
    for (String o : new String[] {"-Dflowmatch.threads=" + threads, "-Dorg.bytedeco.javacpp.cachedir=javacpp-cache",
        "-Dorg.bytedeco.javacpp.maxbytes=" + offHeapMiB + "M"}) {
      if (!options.toString().contains(o.substring(0, o.indexOf('=') + 1))) {
        options.append(options.length() == 0 ? "" : " ").append(o);
      }
    }
    conf.set("spark.executor.extraJavaOptions", options.toString());
  }
}
