package dev.proctor.review.sessions;

import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Two sessions and a naive search over their titles, with user facets; a stand-in for the index in
 * unit tests. It remembers the last query it was asked.
 */
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
          "deploy the zanzibar module to prod",
          List.of("aws-access-key-id"),
          List.of("confirmed-leak"));

  SearchQuery lastQuery;

  /** Counts each session the search finds once, by user, as the index counts sessions. */
  @Override
  public Map<Facet, List<SearchResult.FacetCount>> sessionFacets(SearchQuery query) {
    Map<String, Long> users = new TreeMap<>();
    search(query).hits().forEach(h -> users.put(h.session().user(), 1L));
    return Map.of(
        Facet.USER,
        users.entrySet().stream()
            .map(e -> new SearchResult.FacetCount(e.getKey(), e.getValue()))
            .toList());
  }

  @Override
  public List<SessionSummary> sessions(SearchQuery query) {
    lastQuery = query;
    return List.of(CAROL, ALICE);
  }

  @Override
  public SearchResult search(SearchQuery query) {
    lastQuery = query;
    if (query.text().contains("(")) {
      throw new IllegalArgumentException("query: " + query.text() + " (Cannot parse)");
    }
    String q = query.text().toLowerCase(Locale.ROOT);
    List<SearchHit> hits = new ArrayList<>();
    Map<String, Long> users = new TreeMap<>();
    for (SessionSummary s : List.of(CAROL, ALICE)) {
      boolean userOk =
          !query.filters().containsKey(Facet.USER)
              || query.filters().get(Facet.USER).contains(s.user());
      if (!s.title().contains(q) || !userOk) {
        continue;
      }
      String snippet = q.isEmpty() ? s.title() : s.title().replace(q, "<b>" + q + "</b>");
      hits.add(new SearchHit(s, "x1", "user", s.started(), snippet, s.findingRules()));
      hits.add(
          new SearchHit(s, "x1", "assistant", s.started(), "You said: " + s.title(), List.of()));
      users.merge(s.user(), 2L, Long::sum);
    }
    Map<Facet, List<SearchResult.FacetCount>> facets = new EnumMap<>(Facet.class);
    facets.put(
        Facet.USER,
        users.entrySet().stream()
            .map(e -> new SearchResult.FacetCount(e.getKey(), e.getValue()))
            .toList());
    return new SearchResult(hits.size(), hits, facets);
  }
}
