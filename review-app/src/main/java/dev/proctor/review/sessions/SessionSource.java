package dev.proctor.review.sessions;

import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SessionSummary;
import java.io.IOException;
import java.util.List;

/** What the sessions screen reads: the index's sessions and search. */
public interface SessionSource {
  List<SessionSummary> sessions(int limit) throws IOException;

  List<SearchHit> search(String query, int limit) throws IOException;
}
