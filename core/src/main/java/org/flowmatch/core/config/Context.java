package org.flowmatch.core.config;

import org.flowmatch.core.Distribution;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;

/**
 * The components already built when another one is: a model needs the data (its dimension, or the mixture an
 * oracle is exact for), the source (an oracle is exact for one source only), the path (to convert its predictions)
 * and a generator for its initial weights; a source needs the data's dimension.
 */
public final class Context {
  private final Distribution data;
  private final Distribution source;
  private final ProbabilityPath path;
  private final Rng rng;

  private Context(Distribution data, Distribution source, ProbabilityPath path, Rng rng) {
    this.data = data;
    this.source = source;
    this.path = path;
    this.rng = rng;
  }

  /** A context holding only the generator that components initialise themselves from. */
  public static Context of(Rng rng) {
    return new Context(null, null, null, rng);
  }

  public Context withData(Distribution data) {
    return new Context(data, source, path, rng);
  }

  public Context withSource(Distribution source) {
    return new Context(data, source, path, rng);
  }

  public Context withPath(ProbabilityPath path) {
    return new Context(data, source, path, rng);
  }

  /** The generator for initialisation (for example network weights). */
  public Rng rng() {
    return rng;
  }

  /** Whether the data has been built. */
  public boolean hasData() {
    return data != null;
  }

  /** The data distribution; fails if it has not been built yet. */
  public Distribution data() {
    if (data == null) {
      throw new IllegalStateException("the data must be built before this component");
    }
    return data;
  }

  /** The source distribution p0; fails if it has not been built yet. */
  public Distribution source() {
    if (source == null) {
      throw new IllegalStateException("the source must be built before this component");
    }
    return source;
  }

  /** The probability path; fails if it has not been built yet. */
  public ProbabilityPath path() {
    if (path == null) {
      throw new IllegalStateException("the path must be built before this component");
    }
    return path;
  }

  /** The data dimension. */
  public int dim() {
    return data().dim();
  }
}
