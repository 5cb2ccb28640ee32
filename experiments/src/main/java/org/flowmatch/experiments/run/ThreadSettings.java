package org.flowmatch.experiments.run;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The two native thread pools of the CPU backend: libnd4j's for element-wise ops, fixed by OMP_NUM_THREADS when the
 * backend loads (setting it later had no effect here), and OpenBLAS's for products, which can change at run time.
 */
public final class ThreadSettings {
  private ThreadSettings() {}

  public static void setBlasThreads(int threads) {
    Nd4j.factory().blas().setMaxThreads(threads);
  }

  public static int opThreads() {
    return Nd4j.getEnvironment().maxThreads();
  }

  public static int blasThreads() {
    return Nd4j.factory().blas().getMaxThreads();
  }
}
