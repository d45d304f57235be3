package dev.airlock.job;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A file written into the job's workspace at {@code /work/<target>} from content carried in the job itself,
 * so a remote submitter never names a host path. {@code content} is text, or base64 when
 * {@code encoding} says so. Immutable.
 */
public record InlineInput(String target, String content, Encoding encoding) {

  /** How {@link #content} is written. */
  public enum Encoding {
    TEXT, BASE64;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static InlineInput text(String target, String content) {
    return new InlineInput(target, content, Encoding.TEXT);
  }

  public static InlineInput base64(String target, byte[] bytes) {
    return new InlineInput(target, Base64.getEncoder().encodeToString(bytes), Encoding.BASE64);
  }

  /** The file's bytes (whitespace in base64 is ignored). @throws IllegalArgumentException when not valid base64 */
  public byte[] bytes() {
    return switch (encoding) {
      case TEXT -> content.getBytes(StandardCharsets.UTF_8);
      case BASE64 -> Base64.getDecoder().decode(content.replaceAll("\\s", ""));
    };
  }
}
