package org.flowmatch.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {

  @Test
  void computesEachKeyOnceEvenWhenAComputationAsksForAnother() {
    Memo memo = new Memo();
    AtomicInteger inner = new AtomicInteger();
    AtomicInteger outer = new AtomicInteger();
    Object first = memo.get("outer", () -> {
      outer.incrementAndGet();
      return memo.get("inner", () -> inner.incrementAndGet() + 41) + 1;
    });
    assertEquals(43, first);
    assertSame(first, memo.get("outer", () -> -1));
    assertEquals(42, (int) memo.get("inner", () -> -1));
    assertEquals(1, outer.get());
    assertEquals(1, inner.get());
  }

  @Test
  void keepsANullResultInsteadOfComputingItAgain() {
    Memo memo = new Memo();
    AtomicInteger calls = new AtomicInteger();
    assertNull(memo.get("none", () -> {
      calls.incrementAndGet();
      return null;
    }));
    assertNull(memo.get("none", () -> {
      calls.incrementAndGet();
      return null;
    }));
    assertEquals(1, calls.get());
  }
}
