package dev.airlock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock image build}: builds the sandbox image (offline when no registry is reachable). */
@Command(name = "image", mixinStandardHelpOptions = true, description = "Manage the sandbox image.", subcommands = ImageCommand.Build.class)
final class ImageCommand {
  @Command(name = "build", mixinStandardHelpOptions = true, description = {"Builds the sandbox image from sandbox-image/Dockerfile.",
      "Without a registry it bootstraps the Debian base offline (mmdebstrap) first."})
  static final class Build implements Callable<Integer> {
    @Option(names = "--force", description = "Rebuild even when the image is up to date.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      Path script = Install.root().resolve("sandbox-image/build.sh");
      if (!Files.isRegularFile(script)) {
        System.err.println("airlock: " + script + " not found; set AIRLOCK_ROOT to the Airlock checkout");
        return 1;
      }
      List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
      if (force) {
        cmd.add("--force");
      }
      return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
  }
}
