package org.flowmatch.models;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Chooses between an implementation on the JDK's Vector API and its plain-Java twin (the networks' array kernel,
 * the OT solver's row sweeps): the vector one when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} and {@code -Dflowmatch.vector=false} does not disable it. The vector
 * class is loaded by name, so that a JVM without the module never links it. Both implementations give the same bits,
 * so the choice changes only the speed.
 */
public final class VectorApi {
  /** The system property that disables the Vector API ("false"). */
  public static final String PROPERTY = "flowmatch.vector";

  private VectorApi() {}

  /**
   * {@code vector}'s instance where the Vector API is usable, else {@code scalar}'s. {@code vector} loads its class by
   * name, in the caller's package, where the package-private implementation's constructor is accessible.
   */
  public static <T> T best(Callable<T> vector, Supplier<T> scalar) {
    if ("false".equals(System.getProperty(PROPERTY))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return scalar.get();
    }
    try {
      return vector.call();
    } catch (Exception | LinkageError e) {
      return scalar.get();
    }
  }
}
