/**
 * The {@code airlock} command line (picocli): one subcommand per verb, one documented exit code per outcome,
 * {@code --json} wherever a result is printed. Imports {@code engine} and what it exposes; nothing imports this.
 */
package dev.airlock.cli;
