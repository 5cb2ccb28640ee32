package org.flowmatch.experiments.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch.core.config.Factory;
import org.flowmatch.core.config.Key;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteKinds;
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
      print(registries.of(kind));
    }
    // The discrete family's kinds (family: discrete configs pick from these).
    for (Map.Entry<String, Map<String, ? extends Factory<?>>> kind : DiscreteExperiment.kinds().all().entrySet()) {
      System.out.println(DiscreteKinds.label(kind.getKey()) + ":");
      print(kind.getValue());
    }
    return 0;
  }

  private void print(Map<String, ? extends Factory<?>> factories) {
    for (Map.Entry<String, ? extends Factory<?>> e : factories.entrySet()) {
      System.out.printf("  %-18s %s%n", e.getKey(), e.getValue().description());
      if (keys) {
        for (Key k : e.getValue().keys()) {
          System.out.printf("      %-18s %-12s %s%n", k.name(), k.defaultValue().isEmpty() ? "-" : k.defaultValue(),
              k.description());
        }
      }
    }
  }
}
