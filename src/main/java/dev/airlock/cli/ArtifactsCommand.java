package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.support.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code airlock artifacts ID}: lists a job's artifacts, or downloads one and checks its SHA-256. */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = {"Lists a job's artifacts (path, "
    + "size, sha256), or downloads one with --get.", "A download is checked against the SHA-256 the server "
    + "recorded; a mismatch exits 1 and keeps nothing."})
final class ArtifactsCommand extends JobCommand {
  @Option(names = "--get", paramLabel = "PATH", description = "Download this artifact (path relative to /work).")
  String get;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: its file "
      + "name in the current directory; - for stdout).")
  String output;

  @Override
  int run(ApiClient api, PrintWriter out) throws IOException {
    if (get != null) {
      return download(api, out);
    }
    JsonNode list = api.get("v1/jobs/" + id + "/artifacts");
    if (client.json) {
      printJson(out, list);
      return 0;
    }
    list.path("artifacts").forEach(a -> out.printf("%10d  %s  %s%n", a.path("size").asLong(),
        a.path("sha256").asText(), a.path("path").asText()));
    list.path("skipped").forEach(s -> out.printf("%10s  %-64s  %s (%s)%n", "-", "skipped", s.path("path").asText(),
        s.path("reason").asText()));
    out.flush();
    return 0;
  }

  private int download(ApiClient api, PrintWriter out) throws IOException {
    String name = output != null ? output : Path.of(get).getFileName().toString();
    try (Response r = api.stream("v1/jobs/" + id + "/artifacts/" + get, Map.of())) {
      String expected = r.header("X-Content-SHA256", "");
      MessageDigest digest = Hashing.digest();
      boolean toStdout = name.equals("-");
      Path target = toStdout ? null : Path.of(name).toAbsolutePath();
      Path partial = toStdout ? null : target.resolveSibling(target.getFileName() + ".part");
      try (InputStream in = ApiClient.body(r);
          OutputStream sink = toStdout ? new java.io.FileOutputStream(java.io.FileDescriptor.out)
              : Files.newOutputStream(partial)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          digest.update(buf, 0, n);
          sink.write(buf, 0, n);
        }
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expected)) {
        if (partial != null) {
          Files.deleteIfExists(partial);
        }
        throw new IOException("the download of " + get + " has SHA-256 " + actual + ", the server recorded "
            + expected + "; nothing was kept");
      }
      if (!toStdout) {
        Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (!client.json) {
          out.println(target + "  sha256 " + actual + " (verified)");
        } else {
          out.println(ClientCommand.JSON.createObjectNode().put("path", get).put("file", target.toString())
              .put("sha256", actual).put("verified", true));
        }
        out.flush();
      }
      return 0;
    }
  }
}
