package dev.proctor.review.charts;

import dev.proctor.review.ui.TaskRunner;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The charts screen: activity over time by user, by connection, and findings by rule. */
public final class ChartsViewModel {
  private final Callable<Activity> source;
  private final TaskRunner tasks;
  private final ReadOnlyObjectWrapper<Activity> activity = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

  public ChartsViewModel(Callable<Activity> source, TaskRunner tasks) {
    this.source = source;
    this.tasks = tasks;
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
