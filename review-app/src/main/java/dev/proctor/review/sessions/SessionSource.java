package dev.proctor.review.sessions;

import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionSummary;
import java.io.IOException;
import java.util.List;

/** What the sessions screen reads from the index. */
public interface SessionSource {
  /** Sessions that pass the query's filters, newest first. */
  List<SessionSummary> sessions(SearchQuery query) throws IOException;

  /** Messages matching the query, with the facet counts over all of them. */
  SearchResult search(SearchQuery query) throws IOException;
}
