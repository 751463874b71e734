package dev.proctor.review.findings;

import dev.proctor.review.ui.Counts;
import dev.proctor.review.ui.TaskRunner;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The findings screen's state: secrets across sessions (rule, user, time, direction, masked or
 * leaked, triage status), filtered by a status; triage of the selected one; and "was this key
 * exposed?", whose candidate is cleared as soon as it is fingerprinted.
 */
public final class FindingsViewModel {
  /** The statuses triage can set, as annotations name them. */
  public static final List<String> STATUSES =
      List.of("confirmed-leak", "false-positive", "rotated", "open");

  /** The status filter's values: every finding, those not triaged yet, or one status. */
  public static final List<String> FILTERS =
      List.of("all", "untriaged", "confirmed-leak", "false-positive", "rotated", "open");

  static final int LIMIT = 5_000;

  private final FindingsSource source;
  private final TaskRunner tasks;
  private final Supplier<String> author;
  private final ObservableList<FindingRow> all = FXCollections.observableArrayList();
  private final FilteredList<FindingRow> rows = new FilteredList<>(all);
  private final StringProperty filter = new SimpleStringProperty("all");
  private final ObjectProperty<FindingRow> selected = new SimpleObjectProperty<>();
  private final StringProperty note = new SimpleStringProperty("");
  private final StringProperty candidate = new SimpleStringProperty("");
  private final ObservableList<Exposure> exposures = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper exposureStatus = new ReadOnlyStringWrapper("");

  /**
   * @param author who triage annotations are by: the signed-in user, or the local account
   */
  public FindingsViewModel(FindingsSource source, TaskRunner tasks, Supplier<String> author) {
    this.source = source;
    this.tasks = tasks;
    this.author = author;
    filter.addListener((o, was, now) -> applyFilter());
  }

  public ObservableList<FindingRow> rows() {
    return rows;
  }

  public StringProperty filter() {
    return filter;
  }

  public ObjectProperty<FindingRow> selected() {
    return selected;
  }

  public StringProperty note() {
    return note;
  }

  /** The key to look for; cleared once it is fingerprinted. */
  public StringProperty candidate() {
    return candidate;
  }

  public ObservableList<Exposure> exposures() {
    return exposures;
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty exposureStatus() {
    return exposureStatus.getReadOnlyProperty();
  }

  public void refresh() {
    tasks.run(
        () -> source.findings(LIMIT),
        found -> {
          FindingRow was = selected.get();
          all.setAll(found);
          applyFilter();
          status.set(
              rows.size()
                  + " findings"
                  + (found.size() >= LIMIT ? " (the newest " + LIMIT + ")" : "")
                  + " · "
                  + found.stream().filter(f -> f.handling().equals("leaked")).count()
                  + " leaked");
          if (was != null) {
            rows.stream()
                .filter(r -> r.sid().equals(was.sid()) && r.xid().equals(was.xid()))
                .filter(r -> r.rule().equals(was.rule()))
                .findFirst()
                .ifPresent(selected::set);
          }
        },
        failure -> status.set("Could not read the findings: " + failure.getMessage()));
  }

  /** Sets the selected finding's exchange to {@code newStatus}, with the note. */
  public void triage(String newStatus) {
    FindingRow row = selected.get();
    if (row == null) {
      status.set("Select a finding first.");
      return;
    }
    if (!STATUSES.contains(newStatus)) {
      throw new IllegalArgumentException(
          "status: " + newStatus + " (expected one of " + STATUSES + ")");
    }
    String text = note.get().strip();
    tasks.run(
        () -> {
          source.triage(row, newStatus, text, author.get());
          return newStatus;
        },
        done -> {
          note.set("");
          status.set("Marked " + row.rule() + " in " + row.sid() + " " + done + ".");
          refresh();
        },
        failure -> status.set("Could not save the triage: " + failure.getMessage()));
  }

  /** Looks the candidate key up by its fingerprint, and forgets it. */
  public void checkExposure() {
    char[] key = candidate.get().strip().toCharArray();
    candidate.set("");
    if (key.length == 0) {
      exposureStatus.set("Paste a key to look for.");
      return;
    }
    tasks.run(
        () -> {
          try {
            return source.exposures(key);
          } finally {
            Arrays.fill(key, '\0');
          }
        },
        found -> {
          exposures.setAll(found);
          exposureStatus.set(
              found.isEmpty()
                  ? "Not found in the synced recordings."
                  : "Exposed: found in " + Counts.of(found.size(), "message") + ".");
        },
        failure -> {
          exposures.clear();
          exposureStatus.set(failure.getMessage());
        });
  }

  private void applyFilter() {
    String f = filter.get();
    rows.setPredicate(
        r ->
            f == null
                || f.equals("all")
                || (f.equals("untriaged") ? r.status().equals("untriaged") : r.status().equals(f)));
  }
}
