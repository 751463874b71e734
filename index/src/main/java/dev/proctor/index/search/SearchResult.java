package dev.proctor.index.search;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link SearchQuery}.
 *
 * @param total how many messages matched, of which {@code hits} are the first
 * @param facets for each facet, its values among all matching messages with their counts, most
 *     frequent first
 */
public record SearchResult(long total, List<SearchHit> hits, Map<Facet, List<FacetCount>> facets) {

  /** One value of a facet and how many matching messages carry it. */
  public record FacetCount(String value, long count) {}
}
