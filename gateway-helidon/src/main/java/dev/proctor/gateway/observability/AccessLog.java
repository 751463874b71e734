package dev.proctor.gateway.observability;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * One log line per exchange, as {@code key=value} pairs that log pipelines parse without a schema.
 * It names ids, the connection, status, outcome, timing and sizes; never a token, a credential, a
 * header value or a body.
 */
public final class AccessLog {
  private static final System.Logger LOG = System.getLogger("dev.proctor.gateway.access");

  private AccessLog() {}

  public static void exchange(
      String sid,
      String xid,
      String connection,
      String api,
      int status,
      String outcome,
      double durationMs,
      long bytesIn,
      long bytesOut) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.log(
          Level.INFO,
          String.format(
              Locale.ROOT,
              "exchange sid=%s xid=%s connection=%s api=%s status=%d outcome=%s duration_ms=%.3f bytes_in=%d bytes_out=%d",
              sid,
              xid,
              connection,
              api,
              status,
              outcome,
              durationMs,
              bytesIn,
              bytesOut));
    }
  }

  /**
   * A call refused before it reached the upstream.
   *
   * @param reason a fixed category such as {@code unauthenticated}; never the message, which can
   *     quote the request
   */
  public static void rejected(String connection, int status, String reason) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.log(
          Level.INFO,
          String.format(
              Locale.ROOT,
              "rejected connection=%s status=%d reason=%s",
              connection,
              status,
              reason));
    }
  }
}
