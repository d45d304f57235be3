package dev.airlock.cli;

import picocli.CommandLine.Parameters;

/** A client command about one job, named by its id. */
abstract class JobCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The job id.")
  String id;
}
