package dev.proctor.index.cli;

import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape {@code proctor search --json} prints; documented in docs/search.md. */
record SearchJson(
    String query, long total, List<Hit> hits, Map<String, List<SearchResult.FacetCount>> facets) {

  record Hit(
      String sid,
      String xid,
      String role,
      Instant time,
      String user,
      String connection,
      String integrity,
      String snippet,
      List<String> findingRules) {}

  static SearchJson of(SearchQuery query, SearchResult result) {
    Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
    result.facets().forEach((f, counts) -> facets.put(f.field(), counts));
    return new SearchJson(
        query.text(),
        result.total(),
        result.hits().stream()
            .map(
                h ->
                    new Hit(
                        h.session().sid(),
                        h.xid(),
                        h.role(),
                        h.time(),
                        h.session().user(),
                        h.session().connection(),
                        h.session().integrity(),
                        h.snippet(),
                        h.findingRules()))
            .toList(),
        facets);
  }
}
