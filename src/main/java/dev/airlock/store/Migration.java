package dev.airlock.store;

import java.util.List;

/** One versioned step of a store's schema: its statements run in order, in one transaction. Immutable. */
record Migration(int version, String description, List<String> statements) {
  Migration {
    statements = List.copyOf(statements);
  }
}
