package dev.proctor.review.sessions;

import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionSummary;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What the sessions screen reads from the index. */
public interface SessionSource {
  /** Sessions that pass the query's filters, newest first. */
  List<SessionSummary> sessions(SearchQuery query) throws IOException;

  /** Messages matching the query, with the facet counts over all of them. */
  SearchResult search(SearchQuery query) throws IOException;

  /** The sessions the query finds, counted by facet value: what the sidebar shows. */
  Map<Facet, List<SearchResult.FacetCount>> sessionFacets(SearchQuery query) throws IOException;
}
