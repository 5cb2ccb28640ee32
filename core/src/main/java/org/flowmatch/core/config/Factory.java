package org.flowmatch.core.config;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Builds one kind of component from its config section. Implementation modules register factories by name (in
 * Guice {@code MapBinder}s); the experiment picks the one its config names.
 *
 * @param <T> the component type
 */
public interface Factory<T> {

  /** A line for {@code flowmatch list}: what this component is. */
  String description();

  /** The keys this component reads from its section (besides {@code type}). */
  List<Key> keys();

  /** Builds the component; may read only the keys it declares. */
  T create(Parameters parameters, Context context);

  /** A factory from a description, its keys and a function. */
  static <T> Factory<T> of(String description, List<Key> keys, BiFunction<Parameters, Context, T> create) {
    List<Key> copy = List.copyOf(keys);
    return new Factory<>() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public List<Key> keys() {
        return copy;
      }

      @Override
      public T create(Parameters parameters, Context context) {
        return create.apply(parameters, context);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
