package dev.airlock.api;

import dev.airlock.policy.Violation;
import dev.airlock.support.AirlockException;
import java.util.List;
import java.util.Optional;

/**
 * A request the API refuses: the HTTP status, a stable machine-readable {@code code} ({@code unauthorized},
 * {@code not_found}, {@code invalid_job}, {@code invalid_request}, {@code conflict}, {@code shutting_down},
 * {@code internal}, …), a message for people, the offending paths, and the job it concerns if any. Immutable.
 */
final class ApiException extends AirlockException {
  private final int status;
  private final String code;
  private final List<Violation> violations;
  private final Optional<String> jobId;

  ApiException(int status, String code, String message, List<Violation> violations, Optional<String> jobId) {
    super(message);
    this.status = status;
    this.code = code;
    this.violations = List.copyOf(violations);
    this.jobId = jobId;
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what, List.of(), Optional.empty());
  }

  static ApiException badRequest(String path, String message) {
    return new ApiException(400, "invalid_request", message, List.of(new Violation("request", path, message)),
        Optional.empty());
  }

  static ApiException conflict(String jobId, String message) {
    return new ApiException(409, "conflict", message, List.of(), Optional.of(jobId));
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  List<Violation> violations() {
    return violations;
  }

  Optional<String> jobId() {
    return jobId;
  }
}
