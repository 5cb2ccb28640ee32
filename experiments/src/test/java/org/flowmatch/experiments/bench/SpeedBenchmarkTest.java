package org.flowmatch.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpeedBenchmarkTest {

  /**
   * experiments/bench/compare.sh pairs each flowmatch line with torch_reference.py's by workload and key: the line
   * must be "flowmatch workload=NAME key=number ... threads=N" with the keys the PyTorch script prints.
   */
  @Test
  void theOtPlanLineHasTheFormAndKeysCompareShReads() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SpeedBenchmark.run(1, 0, Set.of("otplan"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("flowmatch workload=")).toList();
    assertEquals(1, lines.size(), "one line per workload: " + lines);
    String line = lines.get(0);
    assertTrue(line.matches("flowmatch workload=otplan plan256_ms=\\d+\\.\\d{3} plan512_ms=\\d+\\.\\d{3} threads=\\d+"),
        line);
  }
}
