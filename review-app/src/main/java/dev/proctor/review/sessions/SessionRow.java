package dev.proctor.review.sessions;

import dev.proctor.index.search.SessionSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the sessions list, already formatted for display.
 *
 * @param detail the matching snippet for a search, else the session's first prompt
 */
public record SessionRow(
    String sid, String user, String connection, String started, String integrity, String detail) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  static SessionRow of(SessionSummary s, String detail) {
    return new SessionRow(
        s.sid(), s.user(), s.connection(), TIME.format(s.started()), s.integrity(), detail);
  }

  /** {@code verified}, {@code open} or {@code broken}, without the reason. */
  public String integrityLabel() {
    int colon = integrity.indexOf(':');
    return colon < 0 ? integrity : integrity.substring(0, colon);
  }
}
