package dev.proctor.index.search;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an investigator asks: text in the query syntax (see {@code docs/search.md}), facet filters
 * (values of one facet are alternatives, different facets must all hold), a time range and a sort.
 *
 * @param text empty for "everything that passes the filters"
 * @param from inclusive lower bound on the message's time
 * @param to exclusive upper bound
 */
public record SearchQuery(
    String text,
    Map<Facet, Set<String>> filters,
    Optional<Instant> from,
    Optional<Instant> to,
    Order order,
    int limit) {

  /** How hits are ordered. */
  public enum Order {
    RELEVANCE,
    NEWEST
  }

  public SearchQuery {
    requireNonNull(text, "text");
    EnumMap<Facet, Set<String>> copy = new EnumMap<>(Facet.class);
    filters.forEach((f, v) -> copy.put(f, Set.copyOf(v)));
    filters = Map.copyOf(copy);
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(order, "order");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: at least 1)");
    }
  }

  /** The query {@code text}, best matches first, at most 50 hits. */
  public static SearchQuery of(String text) {
    return new SearchQuery(text, Map.of(), Optional.empty(), Optional.empty(), Order.RELEVANCE, 50);
  }

  public SearchQuery withFilter(Facet facet, String value) {
    Map<Facet, Set<String>> more = new EnumMap<>(Facet.class);
    more.putAll(filters);
    Set<String> values = new TreeSet<>(more.getOrDefault(facet, Set.of()));
    values.add(value);
    more.put(facet, values);
    return new SearchQuery(text, more, from, to, order, limit);
  }

  public SearchQuery between(Optional<Instant> newFrom, Optional<Instant> newTo) {
    return new SearchQuery(text, filters, newFrom, newTo, order, limit);
  }

  public SearchQuery ordered(Order newOrder) {
    return new SearchQuery(text, filters, from, to, newOrder, limit);
  }

  public SearchQuery limited(int newLimit) {
    return new SearchQuery(text, filters, from, to, order, newLimit);
  }
}
