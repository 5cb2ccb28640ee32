package org.flowmatch.experiments.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * An experiment config: YAML flattened to dotted keys ({@code solver.rtol}), with Hydra-style overrides
 * ({@code solver.rtol=1e-6}). Immutable; values are strings, numbers, booleans or lists of them.
 *
 * <p>Nothing here knows which keys are valid: that is {@code wiring.ConfigSchema}'s job, from the registered components.
 */
public final class ExperimentConfig {
  private final String origin;
  private final Map<String, Object> values;

  private ExperimentConfig(String origin, Map<String, Object> values) {
    this.origin = origin;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The top-level key that chooses the family of an experiment; absent means {@link #CONTINUOUS}. */
  public static final String FAMILY = "family";
  public static final String CONTINUOUS = "continuous";
  public static final String DISCRETE = "discrete";

  /**
   * Reads a YAML file; errors give the file, line and column. A file without a setting is refused: it would run the
   * default experiment, which nobody asks for by writing an empty file.
   */
  public static ExperimentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such config file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    ExperimentConfig config = parse(text, file.toString());
    if (config.values.isEmpty()) {
      throw new ConfigException(file + ": holds no settings; an experiment config sets at least data (see"
          + " experiments/configs/)");
    }
    return config;
  }

  /**
   * The family of this config, {@link #CONTINUOUS} (also when {@code family} is absent) or {@link #DISCRETE}.
   *
   * @throws ConfigException naming the value when it is neither
   */
  public String family() {
    Object family = values.getOrDefault(FAMILY, CONTINUOUS);
    if (!CONTINUOUS.equals(family) && !DISCRETE.equals(family)) {
      throw new ConfigException(origin + ": " + FAMILY + " = " + describe(family).replaceAll("^'|'$", "")
          + ": must be " + CONTINUOUS + " or " + DISCRETE);
    }
    return (String) family;
  }

  /** Parses YAML text; {@code origin} names it in errors. */
  public static ExperimentConfig parse(String yaml, String origin) {
    Object document = loadYaml(yaml, origin);
    if (document == null) {
      return new ExperimentConfig(origin, Map.of());
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigException(origin + ": a config must be a mapping of keys to values, got "
          + describe(document));
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", map, flat, origin);
    return new ExperimentConfig(origin, flat);
  }

  /**
   * This config with {@code key=value} overrides applied in order. A value is read as YAML, so {@code 1e-6} is a
   * number, {@code [0.3, 0.5]} a list and {@code vp} a string; {@code key=null} removes the key (back to its
   * default).
   */
  public ExperimentConfig withOverrides(List<String> overrides) {
    Map<String, Object> next = new LinkedHashMap<>(values);
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("override '" + override + "' must have the form key=value");
      }
      String key = override.substring(0, eq).trim();
      if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
        throw new ConfigException("override '" + override + "': '" + key
            + "' is not a key (lower-case words joined by dots, for example solver.rtol)");
      }
      if (override.substring(eq + 1).isBlank()) {
        // As in a file, where 'seed:' without a value is refused: seed=$SEED with SEED unset must not mean seed 0.
        throw new ConfigException("override '" + override + "': no value after '=' (an unset shell variable?);"
            + " write " + key + "=null to use the default");
      }
      Object value = loadYaml(override.substring(eq + 1), "override '" + override + "'");
      if (value instanceof Map<?, ?>) {
        throw new ConfigException("override '" + override + "': give one key per override, not a mapping");
      }
      next.keySet().removeIf(k -> k.startsWith(key + "."));
      if (value == null) {
        next.remove(key);
      } else {
        next.put(key, value);
      }
    }
    return new ExperimentConfig(origin, next);
  }

  /** This config with one more value (used to write the resolved config). */
  public ExperimentConfig with(String key, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(values);
    next.put(key, value);
    return new ExperimentConfig(origin, next);
  }

  /** Where the config came from, for messages. */
  public String origin() {
    return origin;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Every key that is set, in file order. */
  public Map<String, Object> values() {
    return values;
  }

  /** The config as nested YAML, keys in file order. */
  public String toYaml() {
    Map<String, Object> nested = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = nested;
      for (int i = 0; i + 1 < parts.length; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
    return new Dump(settings).dumpToString(nested);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExperimentConfig c && c.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return origin + " " + values;
  }

  private static Object loadYaml(String text, String origin) {
    LoadSettings settings = LoadSettings.builder().setLabel(origin).setAllowDuplicateKeys(false).build();
    try {
      return new Load(settings).loadFromString(text);
    } catch (StackOverflowError e) {
      throw nestedTooDeeply(origin);
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark();
      String where = mark.map(m -> origin + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(origin);
      String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new ConfigException(where + ": " + problem + context);
    } catch (YamlEngineException e) {
      throw new ConfigException(origin + ": " + e.getMessage());
    }
  }

  /**
   * The YAML parser recurses once per level of nesting, so thousands of {@code [} exhaust the stack: one line for
   * it instead of a thousand lines of trace (configs and grids nest a few levels).
   */
  public static ConfigException nestedTooDeeply(String origin) {
    return new ConfigException(origin + ": nested too deeply to read (a config nests a few levels)");
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out, String origin) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String name) || !name.matches("[a-z0-9_]+")) {
        throw new ConfigException(origin + ": key '" + prefix + e.getKey()
            + "' must be a lower-case word (letters, digits, _)");
      }
      String key = prefix + name;
      Object value = e.getValue();
      if (value instanceof Map<?, ?> child) {
        flatten(key + ".", child, out, origin);
      } else if (value instanceof List<?> list) {
        out.put(key, checkList(key, list, origin));
      } else if (value == null) {
        throw new ConfigException(origin + ": key '" + key + "' has no value");
      } else {
        out.put(key, value);
      }
    }
  }

  private static List<Object> checkList(String key, List<?> list, String origin) {
    List<Object> copy = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?>) {
        throw new ConfigException(origin + ": key '" + key + "' holds a mapping inside a list, which configs do not"
            + " use");
      }
      copy.add(item instanceof List<?> inner ? checkList(key, inner, origin) : item);
    }
    return Collections.unmodifiableList(copy);
  }

  static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list " + value;
    }
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
