package dev.proctor.review.sessions;

import dev.proctor.index.search.SessionSummary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One line of the sessions list, already formatted for display.
 *
 * @param detail the matching message for a search (its role, then the snippet with the matches
 *     highlighted), else the session's first prompt
 * @param findings the rules of the secrets found in the session
 */
public record SessionRow(
    String sid,
    String user,
    String connection,
    String started,
    String integrity,
    List<Highlight> detail,
    List<String> findings,
    List<String> flags) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  static SessionRow of(SessionSummary s, List<Highlight> detail) {
    return new SessionRow(
        s.sid(),
        s.user(),
        s.connection(),
        TIME.format(s.started()),
        s.integrity(),
        List.copyOf(detail),
        s.findingRules(),
        s.flags());
  }

  /** The detail as plain text. */
  public String detailText() {
    return Highlight.plain(detail);
  }

  /** {@code verified}, {@code open} or {@code broken}, without the reason. */
  public String integrityLabel() {
    int colon = integrity.indexOf(':');
    return colon < 0 ? integrity : integrity.substring(0, colon);
  }
}
