package org.flowmatch.experiments.wiring;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The binding qualifiers of an experiment: which distribution, which solver, which config. */
public final class Qualifiers {
  private Qualifiers() {}

  /** The data distribution p1. */
  @Qualifier
  @Retention(RUNTIME)
  @Target({FIELD, PARAMETER, METHOD})
  public @interface Data {}

  /** The source distribution p0. */
  @Qualifier
  @Retention(RUNTIME)
  @Target({FIELD, PARAMETER, METHOD})
  public @interface Source {}

  /** The solver that draws samples. */
  @Qualifier
  @Retention(RUNTIME)
  @Target({FIELD, PARAMETER, METHOD})
  public @interface Sampling {}

  /** The config after its keys were checked against the schema. */
  @Qualifier
  @Retention(RUNTIME)
  @Target({FIELD, PARAMETER, METHOD})
  public @interface Validated {}
}
