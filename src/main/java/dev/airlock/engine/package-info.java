/**
 * The orchestrator: admits a job (rejecting bad input before anything starts), provisions its sandbox,
 * runs it under its budget, decides its single outcome, and tears everything down. Imports every inner
 * package; nothing imports it but {@code api} and {@code cli}.
 */
package dev.airlock.engine;
