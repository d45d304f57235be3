package dev.airlock.gateway;

import dev.airlock.budget.Reservation;
import dev.airlock.budget.Settlement;
import dev.airlock.budget.Usage;
import java.io.IOException;
import org.eclipse.jetty.server.Response;

/**
 * Passes a provider's event stream to the agent event by event, each written and flushed as it arrives,
 * counting output tokens on the way. Past the call's output limit it stops reading, cancels the upstream call
 * (closing its connection) and ends the agent's stream as a reply stopped at its limit. It settles to the
 * provider's final usage, else to the counted tokens, sends the ending events, reports the call (and a budget
 * hit if a budget set the limit), and only then closes the agent's response. Not thread-safe.
 */
final class StreamRelay {
  /** How the stream ended. */
  private enum End { COMPLETE, CUT, BROKEN, CANCELLED, AGENT_GONE }

  /** Writing to the agent failed: it went away. */
  private static final class AgentGone extends IOException {
    AgentGone(IOException cause) {
      super(cause);
    }
  }

  private final MeteredCall call;
  private final Reservation reservation;
  private final UpstreamReply.Streaming upstream;
  private final Exchange exchange;
  private final StreamMeter meter;

  StreamRelay(MeteredCall call, Reservation reservation, UpstreamReply.Streaming upstream, Exchange exchange,
      StreamMeter meter) {
    this.call = call;
    this.reservation = reservation;
    this.upstream = upstream;
    this.exchange = exchange;
    this.meter = meter;
  }

  void run() throws IOException {
    Response response = call.response();
    Http.startStream(response);
    long limit = reservation.outputLimit().orElse(Long.MAX_VALUE);
    long counted = 0;
    End end = End.BROKEN;
    try (okhttp3.Response body = upstream.response()) {
      SseReader reader = new SseReader(body.body().source());
      SseEvent event;
      while ((event = reader.next()) != null) {
        StreamMeter.Verdict v = meter.inspect(event);
        counted += v.outputTokens();
        if (counted > limit) {
          end = End.CUT;
          break;
        }
        if (v.forward()) {
          forward(response, event.raw());
        }
        if (meter.finished()) {
          end = End.COMPLETE;
          break;
        }
      }
    } catch (AgentGone e) {
      end = End.AGENT_GONE;
    } catch (IOException e) {
      end = End.BROKEN;
    } finally {
      if (end != End.COMPLETE) {
        upstream.call().cancel(); // closes the provider's connection instead of draining it
      }
    }
    if (end == End.BROKEN && exchange.cancelled()) {
      end = End.CANCELLED;
    }
    Usage used = meter.usage(counted);
    Settlement settled = call.grant().ledger().settle(reservation, used);
    boolean agentHere = end != End.AGENT_GONE && send(response, false, ending(end, counted));
    call.record(end == End.COMPLETE || end == End.CUT ? 200 : end == End.BROKEN ? 502 : 499, settled);
    var budget = reservation.limitedBy();
    if (budget.isPresent() && (end == End.CUT || (end == End.COMPLETE && reservation.exhaustsItsBudget(used)))) {
      call.grant().budgetExceeded(budget.get());
    }
    if (end == End.BROKEN) {
      call.grant().providerError(502, call.attempts());
    }
    if (!agentHere || !send(response, true, "")) {
      throw new IOException("the agent went away mid-stream");
    }
  }

  /** The events that end the agent's stream to suit how the upstream one ended. */
  private String ending(End end, long counted) {
    return switch (end) {
      case COMPLETE, AGENT_GONE -> "";
      case CUT -> meter.cutEnding(counted);
      case BROKEN -> meter.errorEvent("the provider's stream broke off after " + counted + " output tokens");
      case CANCELLED -> meter.errorEvent("the call was cancelled: its job ended");
    };
  }

  /** Writes to the agent; false if it is gone. */
  private static boolean send(Response response, boolean last, String text) {
    try {
      if (last || !text.isEmpty()) {
        Http.write(response, last, text);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void forward(Response response, String raw) throws AgentGone {
    try {
      Http.write(response, false, raw);
    } catch (IOException e) {
      throw new AgentGone(e);
    }
  }
}
