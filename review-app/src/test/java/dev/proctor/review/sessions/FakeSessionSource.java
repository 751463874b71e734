package dev.proctor.review.sessions;

import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SessionSummary;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Two sessions and a naive search over their titles; a stand-in for the index in unit tests. */
final class FakeSessionSource implements SessionSource {
  static final SessionSummary ALICE =
      new SessionSummary(
          "01JD4H3SJBBV0028T5CY4TQKFF",
          "alice",
          "sim-openai",
          Instant.parse("2026-11-20T10:15:30Z"),
          2,
          "verified",
          "refactor the zanzibar module",
          List.of(),
          List.of());
  static final SessionSummary CAROL =
      new SessionSummary(
          "01JD4H3SJCBV0028T5CY4TQKFG",
          "carol",
          "sim-anthropic",
          Instant.parse("2026-11-21T08:00:00Z"),
          1,
          "broken: segment x is missing",
          "deploy to prod",
          List.of(),
          List.of());

  @Override
  public List<SessionSummary> sessions(int limit) {
    return List.of(CAROL, ALICE);
  }

  @Override
  public List<SearchHit> search(String query, int limit) {
    if (query.contains("(")) {
      throw new IllegalArgumentException("query: " + query + " (Cannot parse)");
    }
    String q = query.toLowerCase(Locale.ROOT);
    return sessions(limit).stream()
        .filter(s -> s.title().contains(q))
        .flatMap(
            s ->
                List.of(
                    new SearchHit(
                        s,
                        "x1",
                        "user",
                        s.started(),
                        s.title().replace(q, "<b>" + q + "</b>"),
                        List.of()),
                    new SearchHit(
                        s, "x1", "assistant", s.started(), "You said: " + s.title(), List.of()))
                    .stream())
        .toList();
  }
}
