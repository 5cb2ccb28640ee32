package org.flowmatch.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each its own JVM started from Spark's
 * own main classes (no Spark distribution needed: the workers' SPARK_HOME is an empty folder, and executors get
 * this JVM's class path through spark.executor.extraClassPath, as on a cluster whose nodes share a file system).
 */
final class LocalCluster implements AutoCloseable {
  private final Path dir;
  private final String classPath = System.getProperty("java.class.path");
  private final Process master;
  private final int masterPort;
  private final List<Process> workers = new ArrayList<>();

  LocalCluster(Path dir, int workerCount, int coresPerWorker) throws IOException, InterruptedException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("spark-home/jars"));
    masterPort = freePort();
    master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
    waitForPort(masterPort);
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workers.add(start("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
          "--cores", String.valueOf(coresPerWorker), "--memory", "2g", "--work-dir", work.toString(), url()));
    }
  }

  String url() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** What the driver needs to run tasks here. */
  void configureDriver() {
    System.setProperty("spark.executor.extraClassPath", classPath);
    System.setProperty("spark.executor.memory", "1g");
    System.setProperty("spark.executor.cores", "1");
    System.setProperty("spark.cores.max", String.valueOf(workers.size()));
    // Start only once every executor is up, so that each worker has work when one is killed.
    System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    System.setProperty("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
  }

  Process worker(int i) {
    return workers.get(i);
  }

  /** Kills worker {@code i} and its executors at once, as a machine that dies; returns how many executors died. */
  long kill(int i) {
    Process w = workers.get(i);
    List<ProcessHandle> children = w.descendants().toList();
    w.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    return children.size();
  }

  String logs() throws IOException {
    StringBuilder s = new StringBuilder();
    try (var files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(p);
        s.append("== ").append(p.getFileName()).append('\n');
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> s.append(l).append('\n'));
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    List<Process> all = new ArrayList<>(workers);
    all.add(master);
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private Process start(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m"));
    // The same module options as this JVM's (the spark profile's argLine).
    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized")
            || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    command.addAll(List.of("-cp", classPath, mainClass));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void waitForPort(int port) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        if (!master.isAlive()) {
          throw new IOException("the Spark master exited:\n" + logs());
        }
        Thread.sleep(250);
      }
    }
    throw new IOException("the Spark master did not open port " + port + ":\n" + logs());
  }
}
