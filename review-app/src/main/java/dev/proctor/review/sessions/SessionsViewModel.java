package dev.proctor.review.sessions;

import dev.proctor.index.search.SearchHit;
import dev.proctor.review.ui.TaskRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The sessions screen's state: the query the user typed, the rows it yields, a status line and
 * whether a load is running. An empty query lists the newest sessions; any other query searches
 * prompts and responses and shows one row per matching session.
 */
public final class SessionsViewModel {
  private static final int LIMIT = 500;

  private final SessionSource source;
  private final TaskRunner tasks;
  private final StringProperty query = new SimpleStringProperty("");
  private final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
  private final ObservableList<SessionRow> readOnlyRows =
      FXCollections.unmodifiableObservableList(rows);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
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

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loading() {
    return loading.getReadOnlyProperty();
  }

  /** Loads the rows for the current query. */
  public void refresh() {
    String q = query.get().strip();
    loading.set(true);
    tasks.run(
        () -> q.isEmpty() ? newest() : matching(q),
        result -> {
          rows.setAll(result);
          status.set(describe(q, result.size()));
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

  private List<SessionRow> newest() throws java.io.IOException {
    return source.sessions(LIMIT).stream().map(s -> SessionRow.of(s, s.title())).toList();
  }

  private List<SessionRow> matching(String q) throws java.io.IOException {
    Map<String, SessionRow> bySession = new LinkedHashMap<>();
    for (SearchHit hit : source.search(q, LIMIT)) {
      bySession.putIfAbsent(
          hit.session().sid(),
          SessionRow.of(hit.session(), hit.role() + ": " + plain(hit.snippet())));
    }
    return List.copyOf(bySession.values());
  }

  private static String plain(String snippet) {
    return snippet.replace("<b>", "").replace("</b>", "").replace('\n', ' ');
  }

  private static String describe(String q, int count) {
    String sessions = count == 1 ? "1 session" : count + " sessions";
    return q.isEmpty() ? sessions : sessions + " match \"" + q + "\"";
  }
}
