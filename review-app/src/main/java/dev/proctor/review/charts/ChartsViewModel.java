package dev.proctor.review.charts;

import dev.proctor.index.search.Facet;
import dev.proctor.review.ui.TaskRunner;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The charts screen: activity over time by user, by connection, and findings by rule; a bar leads
 * to its sessions.
 */
public final class ChartsViewModel {
  /** Lists the sessions a query finds with one facet value ticked. */
  @FunctionalInterface
  public interface Drill {
    void sessions(String query, Facet facet, String value);
  }

  private final Callable<Activity> source;
  private final TaskRunner tasks;
  private final Drill drill;
  private final ReadOnlyObjectWrapper<Activity> activity = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

  public ChartsViewModel(Callable<Activity> source, TaskRunner tasks, Drill drill) {
    this.source = source;
    this.tasks = tasks;
    this.drill = drill;
  }

  /** The sessions one user had on one day. */
  public void openUserOnDay(String user, LocalDate day) {
    drill.sessions("time:[" + day + " TO " + day + "]", Facet.USER, user);
  }

  /** The sessions through one connection. */
  public void openConnection(String connection) {
    drill.sessions("", Facet.CONNECTION, connection);
  }

  /** The sessions with a finding of one rule. */
  public void openRule(String rule) {
    drill.sessions("", Facet.FINDING_RULE, rule);
  }

  public ReadOnlyObjectProperty<Activity> activity() {
    return activity.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public void refresh() {
    tasks.run(
        source,
        a -> {
          activity.set(a);
          long sessions =
              a.sessionsByConnection().values().stream().mapToLong(Long::longValue).sum();
          long findings = a.findingsByRule().values().stream().mapToLong(Long::longValue).sum();
          status.set(sessions + " sessions · " + findings + " findings");
        },
        e -> status.set("Could not read the index: " + e.getMessage()));
  }
}
