/**
 * The {@code airlock} command line (picocli): one subcommand per verb, one documented exit code per outcome,
 * {@code --json} wherever a result is printed: foreground runs, {@code airlock serve}, and the client commands
 * that talk to a server over HTTP (OkHttp). Imports {@code engine}, {@code api} and what they expose; nothing
 * imports this.
 */
package dev.airlock.cli;
