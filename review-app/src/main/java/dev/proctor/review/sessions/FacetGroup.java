package dev.proctor.review.sessions;

import dev.proctor.index.search.Facet;
import java.util.List;

/**
 * One facet of the sidebar: its values among the matching messages, with counts.
 *
 * @param id the facet's field, as in the query syntax: {@code finding_rule}
 * @param title the facet as a person reads it, for example "Finding rule"
 */
public record FacetGroup(String id, String title, List<Option> options) {

  /** One value, how many matching messages have it, and whether it filters the search now. */
  public record Option(String value, long count, boolean selected) {}

  static String titleOf(Facet facet) {
    if (facet == Facet.API) {
      return "API";
    }
    String words = facet.field().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
