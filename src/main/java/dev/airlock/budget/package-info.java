/**
 * Budgets and spend: the hard caps a job runs under ({@link dev.airlock.budget.Budget}), what it has
 * spent ({@link dev.airlock.budget.Spend}). Imports {@code support} only.
 */
package dev.airlock.budget;
