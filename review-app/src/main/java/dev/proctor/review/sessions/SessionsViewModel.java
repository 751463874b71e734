package dev.proctor.review.sessions;

import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.review.ui.Counts;
import dev.proctor.review.ui.TaskRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The sessions screen's state: the query the user typed, the facet values they ticked, the rows it
 * yields (newest first), the sidebar's counts of those sessions by facet value, a status line and
 * whether a load is running. With no words and no ticks it lists the newest sessions with their
 * first prompt; otherwise one row per session with a matching message, showing that message
 * highlighted.
 */
public final class SessionsViewModel {
  static final int LIMIT = 1_000;

  private final SessionSource source;
  private final TaskRunner tasks;
  private final StringProperty query = new SimpleStringProperty("");
  private final Map<Facet, Set<String>> filters = new EnumMap<>(Facet.class);
  private final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
  private final ObservableList<FacetGroup> facets = FXCollections.observableArrayList();
  // one read-only view of each list, kept: a wrapper listens to its list weakly, so a wrapper
  // made per call stops passing on changes once it is collected
  private final ObservableList<SessionRow> readOnlyRows =
      FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<FacetGroup> readOnlyFacets =
      FXCollections.unmodifiableObservableList(facets);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper selected = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);

  public SessionsViewModel(SessionSource source, TaskRunner tasks) {
    this.source = source;
    this.tasks = tasks;
  }

  public StringProperty query() {
    return query;
  }

  public ObservableList<SessionRow> rows() {
    return readOnlyRows;
  }

  public ObservableList<FacetGroup> facets() {
    return readOnlyFacets;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loading() {
    return loading.getReadOnlyProperty();
  }

  /** The sid of the session the user selected; empty when none. */
  public ReadOnlyStringProperty selected() {
    return selected.getReadOnlyProperty();
  }

  /** Selects a row's session, for the replay. */
  public void select(SessionRow row) {
    selected.set(row == null ? "" : row.sid());
  }

  /** Ticks or unticks one value of the facet whose field is {@code facetId}, and searches again. */
  public void toggle(String facetId, String value) {
    toggle(Facet.of(facetId), value);
  }

  /** Ticks or unticks one facet value, and searches again. */
  public void toggle(Facet facet, String value) {
    Set<String> values = filters.computeIfAbsent(facet, f -> new TreeSet<>());
    if (!values.remove(value)) {
      values.add(value);
    }
    if (values.isEmpty()) {
      filters.remove(facet);
    }
    refresh();
  }

  /** Searches for {@code text} with only {@code value} of {@code facet} ticked. */
  public void show(String text, Facet facet, String value) {
    filters.clear();
    filters.put(facet, new TreeSet<>(Set.of(value)));
    query.set(text);
    refresh();
  }

  /** Unticks every facet value, and searches again. */
  public void clearFilters() {
    filters.clear();
    refresh();
  }

  /** Loads the rows and facet counts for the current query and ticks. */
  public void refresh() {
    SearchQuery q = searchQuery();
    loading.set(true);
    if (q.text().isEmpty() && q.filters().isEmpty()) {
      newest(q);
      return;
    }
    tasks.run(
        () -> load(q),
        page -> {
          rows.setAll(page.rows);
          facets.setAll(page.facets);
          status.set(page.status);
          loading.set(false);
        },
        failure -> {
          status.set(
              failure instanceof IllegalArgumentException
                  ? "That query is not valid: " + failure.getMessage()
                  : "Could not read the index. " + failure.getMessage());
          loading.set(false);
        });
  }

  /** The newest sessions first (what the start shows), then every session's facet counts. */
  private void newest(SearchQuery q) {
    tasks.run(
        () ->
            source.sessions(q).stream()
                .map(s -> SessionRow.of(s, List.of(new Highlight(s.title(), false))))
                .toList(),
        newest -> {
          rows.setAll(newest);
          status.set(Counts.of(newest.size(), "session"));
          loading.set(false);
          tasks.run(
              () -> groups(source.sessionFacets(q), q.filters()),
              facets::setAll,
              failure -> status.set("Could not count the facets. " + failure.getMessage()));
        },
        failure -> {
          status.set("Could not read the index. " + failure.getMessage());
          loading.set(false);
        });
  }

  private SearchQuery searchQuery() {
    SearchQuery q =
        SearchQuery.of(query.get().strip()).ordered(SearchQuery.Order.NEWEST).limited(LIMIT);
    for (var entry : filters.entrySet()) {
      for (String value : entry.getValue()) {
        q = q.withFilter(entry.getKey(), value);
      }
    }
    return q;
  }

  private record Page(List<SessionRow> rows, List<FacetGroup> facets, String status) {}

  /** Runs off the FX thread: reads the index, builds what the screen shows. */
  private Page load(SearchQuery q) throws IOException {
    SearchResult result = source.search(q);
    List<FacetGroup> groups = groups(source.sessionFacets(q), q.filters());
    Map<String, SessionRow> bySession = new LinkedHashMap<>();
    for (SearchHit hit : result.hits()) {
      List<Highlight> detail = new ArrayList<>();
      detail.add(new Highlight(hit.role() + ": ", false));
      detail.addAll(Highlight.parse(hit.snippet()));
      bySession.putIfAbsent(hit.session().sid(), SessionRow.of(hit.session(), detail));
    }
    String status =
        Counts.of(result.total(), "matching message")
            + " in "
            + Counts.of(bySession.size(), "session")
            + (result.total() > result.hits().size()
                ? " (newest " + result.hits().size() + " shown)"
                : "");
    return new Page(List.copyOf(bySession.values()), groups, status);
  }

  /** The sidebar: sessions counted by facet value, the ticked values among them. */
  private static List<FacetGroup> groups(
      Map<Facet, List<SearchResult.FacetCount>> counts, Map<Facet, Set<String>> filters) {
    List<FacetGroup> groups = new ArrayList<>();
    for (Facet facet : Facet.values()) {
      Set<String> ticked = filters.getOrDefault(facet, Set.of());
      List<FacetGroup.Option> options = new ArrayList<>();
      for (SearchResult.FacetCount c : counts.getOrDefault(facet, List.of())) {
        options.add(new FacetGroup.Option(c.value(), c.count(), ticked.contains(c.value())));
      }
      // a ticked value stays visible (with no count) even when nothing matches it any more
      for (String value : ticked) {
        if (options.stream().noneMatch(o -> o.value().equals(value))) {
          options.add(new FacetGroup.Option(value, 0, true));
        }
      }
      if (!options.isEmpty()) {
        groups.add(new FacetGroup(facet.field(), FacetGroup.titleOf(facet), options));
      }
    }
    return groups;
  }
}
