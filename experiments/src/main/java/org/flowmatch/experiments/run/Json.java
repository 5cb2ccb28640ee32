package org.flowmatch.experiments.run;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Pretty-printed JSON for manifests and results, written by hand (maps, lists, strings, numbers, booleans, null)
 * to keep the dependency list short, and read back through the YAML parser, since JSON is YAML.
 */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  /** Parses JSON text into maps, lists, strings, numbers, booleans and nulls. */
  public static Object read(String text) {
    return new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        out.append(indent).append("  ");
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + "  ");
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      boolean flat = list.stream().noneMatch(v -> v instanceof Map<?, ?> || v instanceof List<?>);
      out.append(flat ? "[" : "[\n");
      for (int i = 0; i < list.size(); i++) {
        if (!flat) {
          out.append(indent).append("  ");
        }
        write(list.get(i), out, indent + "  ");
        if (i + 1 < list.size()) {
          out.append(flat ? ", " : ",\n");
        }
      }
      out.append(flat ? "]" : "\n" + indent + "]");
    } else if (value instanceof Double d && !Double.isFinite(d)) {
      string(d.toString(), out);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(String.valueOf(value), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
