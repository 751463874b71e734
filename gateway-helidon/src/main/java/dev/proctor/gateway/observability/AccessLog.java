package dev.proctor.gateway.observability;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per exchange, as {@code key=value} pairs that log pipelines parse without a schema.
 * It names ids, the caller's subject (as the validated token gives it), the connection, status,
 * outcome, timing and sizes; never a token, a credential, a header value or a body. A subject with
 * other characters than letters, digits and {@code .@:/+_-} is written as a JSON string, so that
 * one line stays one record with one value per key.
 *
 * <p>Lines go to the {@code java.util.logging} logger {@code dev.proctor.gateway.access} with an
 * explicit source, so the logging framework does not walk the stack to find the caller (which cost
 * about a tenth of the gateway's CPU under load).
 */
public final class AccessLog {
  private static final Logger LOG = Logger.getLogger("dev.proctor.gateway.access");

  private AccessLog() {}

  /** Stands for the subject of a call refused before its token was validated. */
  public static final String NO_SUBJECT = "-";

  public static void exchange(
      String sid,
      String xid,
      String subject,
      String connection,
      String api,
      int status,
      String outcome,
      double durationMs,
      long bytesIn,
      long bytesOut) {
    if (LOG.isLoggable(Level.INFO)) {
      String line =
          new StringBuilder(200)
              .append("exchange sid=")
              .append(sid)
              .append(" xid=")
              .append(xid)
              .append(" subject=")
              .append(value(subject))
              .append(" connection=")
              .append(connection)
              .append(" api=")
              .append(api)
              .append(" status=")
              .append(status)
              .append(" outcome=")
              .append(outcome)
              .append(" duration_ms=")
              .append(Math.round(durationMs * 1000) / 1000.0)
              .append(" bytes_in=")
              .append(bytesIn)
              .append(" bytes_out=")
              .append(bytesOut)
              .toString();
      LOG.logp(Level.INFO, "access", "exchange", line);
    }
  }

  /**
   * A call refused before it reached the upstream.
   *
   * @param subject the caller's, or {@link #NO_SUBJECT} before the token was validated
   * @param reason a fixed category such as {@code unauthenticated}; never the message, which can
   *     quote the request
   */
  public static void rejected(String subject, String connection, int status, String reason) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.logp(
          Level.INFO,
          "access",
          "rejected",
          "rejected subject="
              + value(subject)
              + " connection="
              + connection
              + " status="
              + status
              + " reason="
              + reason);
    }
  }

  /** {@code text} as it is, or quoted and escaped as a JSON string when it needs to be. */
  static String value(String text) {
    boolean plain = !text.isEmpty();
    for (int i = 0; i < text.length() && plain; i++) {
      char c = text.charAt(i);
      plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || ".@:/+_-".indexOf(c) >= 0;
    }
    if (plain) {
      return text;
    }
    StringBuilder quoted = new StringBuilder(text.length() + 8).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
