package dev.airlock.egress;

import java.util.function.Function;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's error handler: Jetty's own refusals (a malformed request, a Host header that contradicts the
 * request URI) come back as short plain text like the proxy's, and a request that never reached the proxy's
 * handlers is still reported to its job as a {@code bad_request} attempt. Thread-safe.
 */
final class PlainErrors implements Request.Handler {
  private final Function<Request, JobBinding> jobs;

  PlainErrors(Function<Request, JobBinding> jobs) {
    this.jobs = jobs;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
    String why = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m ? m
        : HttpStatus.getMessage(status);
    if (request.getAttribute(Attempt.ATTRIBUTE) == null) {
      JobBinding job = jobs.apply(request);
      if (job != null) {
        job.begin(request).end(EgressReason.BAD_REQUEST);
      }
    }
    String code = status >= 500 ? "proxy_error" : EgressReason.BAD_REQUEST.wire();
    Replies.send(response, callback, status, code, "Airlock: the egress proxy could not take this request ("
        + status + " " + Hosts.printable(why) + "); send GET http://host:port/path or CONNECT host:port", true);
    return true;
  }
}
