package org.flowmatch.experiments.extension.broken;

import com.google.inject.AbstractModule;

/** A module whose configure() throws. */
public final class ThrowingModule extends AbstractModule {
  @Override
  protected void configure() {
    throw new IllegalStateException("cannot read my-solver.properties");
  }
}
