package org.flowmatch.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelismTest {

  @Test
  void everyPartRunsOnceWithItsIndexAndFailuresReachTheCaller() {
    Parallelism p = Parallelism.of(3);
    for (int round = 0; round < 100; round++) {
      for (int parts = 1; parts <= 4; parts++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        p.run(parts, runs::incrementAndGet);
        int[] got = new int[parts];
        for (int i = 0; i < parts; i++) {
          got[i] = runs.get(i);
        }
        int[] once = new int[parts];
        java.util.Arrays.fill(once, 1);
        assertArrayEquals(once, got, "round " + round + ", " + parts + " parts");
      }
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.run(3, i -> {
      if (i == 2) {
        throw new IllegalStateException("part 2 failed");
      }
    }));
    assertEquals("part 2 failed", e.getMessage());
    AtomicIntegerArray after = new AtomicIntegerArray(3);
    p.run(3, after::incrementAndGet);
    assertEquals(3, after.get(0) + after.get(1) + after.get(2), "the workers still run after a failure");
  }

  @Test
  void concurrentAndNestedCallersRunEveryPart() throws Exception {
    Parallelism p = Parallelism.of(2);
    long[] sums = new long[2];
    Thread[] callers = new Thread[2];
    for (int c = 0; c < 2; c++) {
      int caller = c;
      callers[c] = new Thread(() -> {
        for (int round = 0; round < 100; round++) {
          AtomicIntegerArray parts = new AtomicIntegerArray(2);
          p.run(2, i -> {
            // A nested section inside a part: must neither deadlock nor disturb the sibling part.
            AtomicIntegerArray inner = new AtomicIntegerArray(2);
            p.run(2, inner::incrementAndGet);
            parts.addAndGet(i, inner.get(0) + inner.get(1));
          });
          sums[caller] += parts.get(0) + parts.get(1);
        }
      });
      callers[c].start();
    }
    for (Thread t : callers) {
      t.join(60_000);
    }
    assertEquals(100L * 4, sums[0]);
    assertEquals(100L * 4, sums[1]);
  }
}
