package org.flowmatch.experiments.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.experiments.wiring.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Every registered component by kind, with the keys it reads (extensions included).")
final class ListCommand implements Callable<Integer> {
  @Option(names = "--keys", description = "Also show each component's config keys and defaults.")
  boolean keys;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() {
    Registries registries = Experiment.registries();
    for (Registries.Kind kind : Registries.Kind.values()) {
      System.out.println(kind.label() + ":");
      for (Map.Entry<String, ? extends Factory<?>> e : registries.of(kind).entrySet()) {
        System.out.printf("  %-18s %s%n", e.getKey(), e.getValue().description());
        if (keys) {
          for (Key k : e.getValue().keys()) {
            System.out.printf("      %-18s %-12s %s%n", k.name(), k.defaultValue().isEmpty() ? "-" : k.defaultValue(),
                k.description());
          }
        }
      }
    }
    return 0;
  }
}
