package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * An ablation grid: a base config, overrides set for every cell, and axes whose cartesian product gives the cells.
 *
 * <pre>
 * base: ../configs/eight-gaussians.yaml      # relative to the grid file, else to the working directory
 * overrides:
 *   train.steps: 5000
 * axes:
 *   train.coupling: [independent, ot]       # a config key and its values
 *   task:                                   # any name, whose values set several keys at once
 *     - {label: "N to moons", data.type: moons, source.type: gaussian}
 *     - {label: "8g to moons", data.type: moons, source.type: eight-gaussians}
 *   seed: [0, 1, 2]
 * plots:                                    # optional: what the report plots (see report.PlotSpec)
 *   metrics: [w2]
 * </pre>
 *
 * @param file the grid file
 * @param name the grid's name (its file name without extension), the default study directory's name
 * @param base the base config
 * @param overrides {@code key=value} strings applied to every cell
 * @param axes the axes in file order
 */
public record Grid(Path file, String name, ExperimentConfig base, List<String> overrides, List<Axis> axes) {

  /**
   * One axis: a config key and its values, or a named axis whose values are groups of keys.
   *
   * @param name the key or name
   * @param labels a display label per value
   * @param settings the {@code key=value} overrides of each value
   */
  public record Axis(String name, List<String> labels, List<List<String>> settings) {}

  /**
   * One cell of the grid.
   *
   * @param index its position in the grid's order
   * @param labels the label of each axis's value, by axis name
   * @param overrides every override of the cell, grid overrides first
   */
  public record Cell(int index, Map<String, String> labels, List<String> overrides) {

    /** A stable identifier from the cell's overrides, so that a rerun finds the cell's earlier result. */
    public String id() {
      return hash(String.join("\n", overrides)).substring(0, 16);
    }
  }

  /** Reads a grid file; errors name the file and, for YAML errors, the line. */
  @SuppressWarnings("unchecked")
  public static Grid load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such grid file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build())
          .loadFromString(text);
    } catch (StackOverflowError e) {
      throw ExperimentConfig.nestedTooDeeply(file.toString());
    } catch (MarkedYamlEngineException e) {
      String where = e.getProblemMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
          .orElse(file.toString());
      throw new ConfigException(where + ": " + e.getProblem());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(file + ": a grid must be a mapping with base, overrides and axes");
    }
    for (Object key : map.keySet()) {
      if (!List.of("base", "overrides", "axes", "plots").contains(key)) {
        throw new ConfigException(file + ": unknown key '" + key + "'; a grid has base, overrides, axes and plots");
      }
    }
    if (!(map.get("base") instanceof String basePath)) {
      throw new ConfigException(file + ": base must name a config file");
    }
    Path relative = file.toAbsolutePath().getParent().resolve(basePath);
    Path baseFile = Files.exists(relative) ? relative : Path.of(basePath);
    ExperimentConfig base = ExperimentConfig.load(baseFile);
    List<String> overrides = new ArrayList<>();
    Object o = map.get("overrides");
    if (o != null) {
      if (!(o instanceof Map<?, ?> om)) {
        throw new ConfigException(file + ": overrides must map config keys to values");
      }
      om.forEach((k, v) -> overrides.add(setting(file, String.valueOf(k), v)));
    }
    if (!(map.get("axes") instanceof Map<?, ?> axesMap) || axesMap.isEmpty()) {
      throw new ConfigException(file + ": axes must map at least one key to a list of values");
    }
    List<Axis> axes = new ArrayList<>();
    for (Map.Entry<?, ?> e : axesMap.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
        throw new ConfigException(file + ": axis '" + name + "' must have a non-empty list of values");
      }
      List<String> labels = new ArrayList<>();
      List<List<String>> settings = new ArrayList<>();
      for (Object value : values) {
        if (value instanceof Map<?, ?> group) {
          List<String> s = new ArrayList<>();
          String label = null;
          for (Map.Entry<?, ?> g : ((Map<Object, Object>) group).entrySet()) {
            if ("label".equals(g.getKey())) {
              label = String.valueOf(g.getValue());
            } else {
              s.add(setting(file, String.valueOf(g.getKey()), g.getValue()));
            }
          }
          labels.add(label != null ? label : String.join(" ", s));
          settings.add(s);
        } else {
          labels.add(String.valueOf(value));
          settings.add(List.of(setting(file, name, value)));
        }
        String label = labels.get(labels.size() - 1);
        if (labels.indexOf(label) < labels.size() - 1) {
          // Cells are named by their labels: a repeat would run the same cells twice into one cell directory.
          throw new ConfigException(file + ": axis '" + name + "' lists " + label + " twice");
        }
      }
      axes.add(new Axis(name, labels, settings));
    }
    String fileName = file.getFileName().toString();
    return new Grid(file, fileName.replaceFirst("\\.ya?ml$", ""), base, List.copyOf(overrides), List.copyOf(axes));
  }

  /** The cells: the cartesian product of the axes, the last axis varying fastest. */
  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    int[] index = new int[axes.size()];
    int count = 1;
    for (Axis a : axes) {
      count = Math.multiplyExact(count, a.labels().size());
    }
    for (int c = 0; c < count; c++) {
      Map<String, String> labels = new LinkedHashMap<>();
      List<String> o = new ArrayList<>(overrides);
      for (int a = 0; a < axes.size(); a++) {
        labels.put(axes.get(a).name(), axes.get(a).labels().get(index[a]));
        o.addAll(axes.get(a).settings().get(index[a]));
      }
      cells.add(new Cell(c, labels, List.copyOf(o)));
      for (int a = axes.size() - 1; a >= 0; a--) {
        if (++index[a] < axes.get(a).labels().size()) {
          break;
        }
        index[a] = 0;
      }
    }
    return cells;
  }

  /** A {@code key=value} override with the value written as YAML, so that it reads back as the same value. */
  private static String setting(Path file, String key, Object value) {
    if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
      throw new ConfigException(file + ": '" + key + "' is not a config key");
    }
    if (value == null) {
      return key + "=null";
    }
    if (value instanceof Map<?, ?>) {
      throw new ConfigException(file + ": " + key + " needs a value (a number, a string, a list or null)");
    }
    String yaml = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.FLOW).build()).dumpToString(value);
    return key + "=" + yaml.strip();
  }

  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
