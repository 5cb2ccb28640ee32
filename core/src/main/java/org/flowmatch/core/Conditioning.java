package org.flowmatch.core;

/**
 * What a conditional model or distribution is conditioned on: nothing, one of {@code classes} class labels, or a
 * real vector of {@code size} entries. It fixes how {@link Conditions} are turned into network inputs
 * ({@link #featureWidth()}, {@link Conditions#writeFeatures}).
 *
 * @param kind what the condition is
 * @param size the number of classes, or the length of the vector; 0 for {@link Kind#NONE}
 */
public record Conditioning(Kind kind, int size) {

  /** No condition: an unconditional model or unlabelled data. */
  public static final Conditioning NONE = new Conditioning(Kind.NONE, 0);

  /** The kinds of condition. */
  public enum Kind {
    NONE, LABELS, VECTORS
  }

  public Conditioning {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (kind == Kind.NONE ? size != 0 : size <= 0) {
      throw new IllegalArgumentException(kind == Kind.NONE ? "an absent condition has size 0, got " + size
          : kind.name().toLowerCase() + " conditioning needs a positive size, got " + size);
    }
  }

  /** Class labels 0 .. classes - 1. */
  public static Conditioning classes(int classes) {
    return new Conditioning(Kind.LABELS, classes);
  }

  /** Real condition vectors of length {@code dim}. */
  public static Conditioning vectors(int dim) {
    return new Conditioning(Kind.VECTORS, dim);
  }

  /** Whether there is anything to condition on. */
  public boolean conditional() {
    return kind != Kind.NONE;
  }

  /**
   * The width of the condition features a network takes: a one-hot vector of {@code classes} entries (all zeros
   * for "none"), or the vector followed by a presence flag (so that a dropped condition, all zeros and flag 0,
   * differs from a present zero vector); 0 when there is no condition.
   */
  public int featureWidth() {
    return switch (kind) {
      case NONE -> 0;
      case LABELS -> size;
      case VECTORS -> size + 1;
    };
  }

  /** A short text for metadata and messages, parsed back by {@link #parse}: none, classes:K or vectors:D. */
  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "none";
      case LABELS -> "classes:" + size;
      case VECTORS -> "vectors:" + size;
    };
  }

  /** The inverse of {@link #toString()}. */
  public static Conditioning parse(String text) {
    if ("none".equals(text)) {
      return NONE;
    }
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon > 0) {
      try {
        int n = Integer.parseInt(text.substring(colon + 1));
        switch (text.substring(0, colon)) {
          case "classes":
            return classes(n);
          case "vectors":
            return vectors(n);
          default:
            break;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException("conditioning must be none, classes:K or vectors:D, got '" + text + "'");
  }
}
