package dev.airlock.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code airlock serve} as a separate process from the built jar, on a free loopback port, with its data in a
 * test directory and a token of its own; plus a small HTTP client for it. Several may run one after another on
 * the same directory (a restart). {@link #close} kills it if it still runs and removes whatever its process
 * left in the Docker engine (found by the owner-pid label). Not thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+)");

  private final Process process;
  private final URI uri;
  private final String token;
  private final Path out;
  private final Path err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerProcess(Process process, URI uri, String token, Path out, Path err) {
    this.process = process;
    this.uri = uri;
    this.token = token;
    this.out = out;
    this.err = err;
  }

  /** The configuration file for a server in {@code dir}: data in {@code dir/data}, any free port. */
  public static Path config(Path dir, int maxConcurrent, String onShutdown, String drainTimeout) throws IOException {
    Path file = dir.resolve("airlock.yaml");
    Files.writeString(file, """
        apiVersion: airlock/v1
        kind: Config
        dataDir: data
        maxConcurrent: %d
        serve:
          listen: 127.0.0.1:0
          tokenEnv: AIRLOCK_TEST_TOKEN
          onShutdown: %s
          drainTimeout: %s
        """.formatted(maxConcurrent, onShutdown, drainTimeout));
    return file;
  }

  public static ServerProcess start(Path dir, int maxConcurrent) throws IOException {
    return start(config(dir, maxConcurrent, "cancel", "1m"), "test-token-" + UUID.randomUUID());
  }

  /** Starts a server with {@code config} and waits (bounded) until it serves. */
  public static ServerProcess start(Path config, String token) throws IOException {
    Path dir = config.getParent();
    String n = UUID.randomUUID().toString().substring(0, 6);
    Path out = dir.resolve("serve-" + n + ".out");
    Path err = dir.resolve("serve-" + n + ".err");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-jar", Path.of("target/airlock.jar").toAbsolutePath().toString(),
        "serve", "--config", config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("AIRLOCK_TEST_TOKEN", token);
    pb.environment().remove("AIRLOCK_HOME");
    Process p = pb.start();
    String[] url = new String[1];
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("the server exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        Matcher m = SERVING.matcher(Files.readString(out));
        if (m.find()) {
          url[0] = m.group(1);
        }
        return url[0] != null;
      });
    } catch (RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
    return new ServerProcess(p, URI.create(url[0] + "/"), token, out, err);
  }

  public URI uri() {
    return uri;
  }

  public String token() {
    return token;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public String stderr() throws IOException {
    return Files.readString(err);
  }

  /** A response's status and body. */
  public record Reply(int status, String body, Map<String, List<String>> headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (" + status + "): " + body, e);
      }
    }
  }

  public Reply get(String path) {
    return send(request(path).GET().build());
  }

  public Reply post(String path, String body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public Reply post(String path, String body, String header, String value) {
    return send(request(path).header(header, value).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(90))
        .header("Authorization", "Bearer " + token);
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient http() {
    return http;
  }

  /** Submits a job document (YAML; the header is added) and returns its id. */
  public String submit(String yaml) {
    Reply r = post("v1/jobs", "apiVersion: airlock/v1\nkind: Job\n" + yaml);
    if (r.status() != 202) {
      throw new IllegalStateException("submit answered " + r.status() + ": " + r.body());
    }
    return r.json().get("id").asText();
  }

  public JsonNode job(String id) {
    return get("v1/jobs/" + id).json();
  }

  /** Waits (bounded) until the job has ended and returns it. */
  public JsonNode awaitDone(String id, Duration max) {
    JsonNode[] job = new JsonNode[1];
    await().atMost(max).pollInterval(Duration.ofMillis(200)).until(() -> {
      job[0] = job(id);
      return job[0].path("state").asText().equals("done");
    });
    return job[0];
  }

  /** Containers (any state) this server process left in the Docker engine. */
  public List<String> containers() {
    return docker("ps", "-aq", "--filter", "label=dev.airlock.owner.pid=" + pid());
  }

  public List<String> networks() {
    return docker("network", "ls", "-q", "--filter", "label=dev.airlock.owner.pid=" + pid());
  }

  /** Ids of containers of job {@code id}, any state. */
  public static List<String> containersOfJob(String id) {
    return docker("ps", "-aq", "--filter", "label=dev.airlock.job=" + id);
  }

  /** {@code kill -9}: the process gets no chance to clean up. */
  public void kill9() throws InterruptedException {
    signal("KILL");
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public void signal(String name) {
    exec(List.of("kill", "-" + name, Long.toString(pid())));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> left = containers();
    if (!left.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "-f"));
      rm.addAll(left);
      docker(rm.toArray(String[]::new));
    }
    for (String network : networks()) {
      docker("network", "rm", network);
    }
    unmountWorkspacesUnder(out.getParent());
  }

  /** A killed server leaves its jobs' workspace mounts; the next server would unmount them, a test must. */
  static void unmountWorkspacesUnder(Path dir) {
    String prefix = dir.toAbsolutePath().normalize() + "/";
    for (String line : dev.airlock.Commands.run("cat", "/proc/self/mounts")) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[0].equals("airlock-workspace") && f[1].startsWith(prefix)) {
        dev.airlock.Commands.run("umount", "-l", f[1]);
      }
    }
  }

  static List<String> docker(String... args) {
    return dev.airlock.Commands.docker(args);
  }

  private static List<String> exec(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return text.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The job's events as server-sent, read until the server closes the stream. */
  public List<JsonNode> events(String id, String lastEventId) throws Exception {
    HttpRequest.Builder b = request("v1/jobs/" + id + "/events").GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200 || !r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
      throw new IllegalStateException("events of " + id + " answered " + r.statusCode());
    }
    List<JsonNode> out = new ArrayList<>();
    String[] id0 = {null};
    r.body().forEach(line -> {
      if (line.startsWith("id: ")) {
        id0[0] = line.substring(4);
      } else if (line.startsWith("data: ")) {
        try {
          JsonNode e = JSON.readTree(line.substring(6));
          if (!e.get("id").asText().equals(id0[0])) {
            throw new IllegalStateException("SSE id " + id0[0] + " carries event " + e.get("id"));
          }
          out.add(e);
        } catch (java.io.IOException ex) {
          throw new IllegalStateException(ex);
        }
      }
    });
    return out;
  }
}
