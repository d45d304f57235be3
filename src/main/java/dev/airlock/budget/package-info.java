/**
 * Budgets and spend: the hard caps a job runs under ({@link dev.airlock.budget.Budget}), what it has spent
 * ({@link dev.airlock.budget.Spend}), the per-job {@link dev.airlock.budget.Ledger} that reserves each model
 * call's worst case and settles it to the reported {@link dev.airlock.budget.Usage}, and model prices
 * ({@link dev.airlock.budget.PriceTable}). Imports {@code support} only.
 */
package dev.airlock.budget;
