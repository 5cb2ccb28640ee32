package org.flowmatch.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/** Where and with what a run was made: versions, machine, backend, threads and the source tree's git state. */
public final class Provenance {
  private Provenance() {}

  /** The framework's version, from the build. */
  public static String version() {
    try (InputStream in = Provenance.class.getResourceAsStream("/flowmatch.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The machine, JVM, ND4J backend and thread settings. */
  public static Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("flowmatch", version());
    env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    env.put("arch", System.getProperty("os.arch"));
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    env.put("blas", String.valueOf(Nd4j.factory().blas().getBlasVendor()));
    Map<String, Object> threads = new LinkedHashMap<>();
    threads.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    threads.put("nd4j_op_threads", ThreadSettings.opThreads());
    threads.put("blas_threads", ThreadSettings.blasThreads());
    threads.put("flowmatch_threads", org.flowmatch.models.Parallelism.shared().threads());
    env.put("threads", threads);
    return env;
  }

  /** The commit of the source tree the framework runs from and whether it had uncommitted changes. */
  public static Map<String, Object> git(Path workingDirectory) {
    Map<String, Object> git = new LinkedHashMap<>();
    String commit = run(workingDirectory, "git", "rev-parse", "HEAD");
    git.put("commit", commit == null ? "unknown" : commit.strip());
    String status = commit == null ? null : run(workingDirectory, "git", "status", "--porcelain",
        "--untracked-files=no");
    git.put("dirty", status == null ? "unknown" : !status.isBlank());
    return git;
  }

  private static String run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
      byte[] out = p.getInputStream().readAllBytes();
      p.getErrorStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
