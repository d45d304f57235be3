/**
 * The job store: every job's record, state, outcome (recorded once) and event stream, kept across restarts
 * behind {@link dev.airlock.store.JobStore}; {@link dev.airlock.store.SqliteJobStore} is the embedded default,
 * with versioned schema migrations. Imports {@code job}, {@code audit}, {@code support}, Jackson and the
 * SQLite JDBC driver (only here).
 */
package dev.airlock.store;
