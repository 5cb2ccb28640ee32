package org.flowmatch.experiments.bench;

import org.nd4j.linalg.factory.Nd4j;

/** The two thread pools that matter on the CPU backend: libnd4j's for element-wise ops, OpenBLAS's for products. */
public final class ThreadSettings {
  private ThreadSettings() {}

  public static void apply(int opThreads, int blasThreads) {
    if (opThreads > 0) {
      Nd4j.getEnvironment().setMaxThreads(opThreads);
    }
    if (blasThreads > 0) {
      Nd4j.factory().blas().setMaxThreads(blasThreads);
    }
  }

  public static int opThreads() {
    return Nd4j.getEnvironment().maxThreads();
  }

  public static int blasThreads() {
    return Nd4j.factory().blas().getMaxThreads();
  }
}
