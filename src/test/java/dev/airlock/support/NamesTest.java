package dev.airlock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void suggestsTheClosePlausibleName() {
    assertEquals(Optional.of("memory"), Names.closest("memroy", List.of("cpus", "memory", "pids")));
  }

  @Test
  void suggestsNothingForUnrelatedNames() {
    assertTrue(Names.closest("banana", List.of("cpus", "memory", "pids")).isEmpty());
  }
}
