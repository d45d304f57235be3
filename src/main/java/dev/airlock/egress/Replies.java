package dev.airlock.egress;

import dev.airlock.egress.EgressDecision.Denied;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The proxy's own answers: short plain text an agent can read, plus a machine-readable header —
 * {@code X-Airlock-Denied: <reason>} when Airlock refused, {@code X-Airlock-Error: <reason>} when an allowed
 * destination failed. Stateless.
 */
final class Replies {
  static final String DENIED_HEADER = "X-Airlock-Denied";
  static final String ERROR_HEADER = "X-Airlock-Error";

  private Replies() {}

  static void deny(Response response, Callback callback, Denied denied, boolean closeConnection) {
    send(response, callback, denied.reason(), denied.message(), closeConnection);
  }

  static void send(Response response, Callback callback, EgressReason reason, String message, boolean closeConnection) {
    send(response, callback, reason.status(), reason.wire(), message, closeConnection);
  }

  static void send(Response response, Callback callback, int status, String code, String message,
      boolean closeConnection) {
    if (response.isCommitted()) {
      callback.failed(new IllegalStateException(message));
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(status >= 500 ? ERROR_HEADER : DENIED_HEADER, code);
    if (closeConnection) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
    }
    Content.Sink.write(response, true, message + "\n", callback);
  }
}
