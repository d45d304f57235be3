package dev.airlock.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.sandbox.SandboxChannel;
import dev.airlock.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The orchestrator's end of the in-sandbox tool runner ({@code sandbox-image/helpers/bin/airlock-runner}, bundled
 * in Airlock's jar). The sandbox starts {@link #COMMAND}, a one-line bootstrap that reads the runner's source as
 * its first line of input, so the runner always matches the code that speaks to it, whatever the image holds.
 * Requests and replies are one JSON object a line, matched by id. Not thread-safe: one caller at a time.
 */
public final class ToolRunner implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOOTSTRAP = "import json,sys;exec(compile(json.loads(sys.stdin.readline()),"
      + "'airlock-runner','exec'),{'__name__':'__main__'})";
  /** The sandbox's main process for an agent job. */
  public static final List<String> COMMAND = List.of("python3", "-u", "-c", BOOTSTRAP);
  static final String SOURCE = load();

  private final SandboxChannel channel;
  private long lastId;

  /** What a call came to: the runner's answer, or the runner gone (its sandbox died), or silent past the wait. */
  public sealed interface Reply {
    record Answer(JsonNode body) implements Reply {}

    record Gone() implements Reply {}

    record Silent(Duration waited) implements Reply {}
  }

  private ToolRunner(SandboxChannel channel) {
    this.channel = channel;
  }

  /**
   * Sends the runner's source over {@code channel} and waits up to {@code timeout} for it to say it is ready.
   *
   * @return empty when the runner did not start: its sandbox died, or it did not answer in time
   */
  public static Optional<ToolRunner> start(SandboxChannel channel, Duration timeout) throws InterruptedException {
    try {
      channel.send(JSON.writeValueAsString(SOURCE));
    } catch (SandboxException | IllegalStateException | JsonProcessingException e) {
      return Optional.empty();
    }
    Optional<String> line = channel.receive(timeout);
    if (line.isEmpty() || !parse(line.get()).path("ready").asBoolean(false)) {
      return Optional.empty();
    }
    return Optional.of(new ToolRunner(channel));
  }

  /** Sends {@code request} (an id is added) and waits up to {@code wait} for its answer. */
  public Reply call(ObjectNode request, Duration wait) throws InterruptedException {
    long id = ++lastId;
    request.put("id", id);
    try {
      channel.send(request.toString());
    } catch (SandboxException | IllegalStateException e) {
      return new Reply.Gone();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Optional<String> line = left > 0 ? channel.receive(Duration.ofNanos(left)) : Optional.empty();
      if (line.isEmpty()) {
        return channel.ended() ? new Reply.Gone() : new Reply.Silent(wait);
      }
      JsonNode body = parse(line.get());
      if (body.path("id").asLong(-1) == id) {
        return new Reply.Answer(body);
      }
      // a late answer to an earlier call that was given up on: not this call's
    }
  }

  /** Asks the runner to exit (its sandbox's main process then ends) and closes the channel. */
  @Override
  public void close() {
    try {
      channel.send("{\"op\":\"exit\"}");
    } catch (SandboxException | IllegalStateException e) {
      // already gone
    }
    channel.close();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode().put("ok", false).put("error", "the runner wrote a line that is not JSON");
    }
  }

  private static String load() {
    try (InputStream in = ToolRunner.class.getResourceAsStream("/airlock/runner/airlock-runner")) {
      if (in == null) {
        throw new IllegalStateException("the tool runner is missing from Airlock's jar (airlock/runner)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
