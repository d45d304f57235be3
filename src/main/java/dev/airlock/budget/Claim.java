package dev.airlock.budget;

/**
 * What {@link Ledger#reserve} answers: a {@link Reservation} to forward the call under, or a {@link Refusal}
 * naming the budget that has no room for it. Handle it with a {@code switch}.
 */
public sealed interface Claim permits Reservation, Refusal {}
