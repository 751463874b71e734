package dev.proctor.review.access;

import dev.proctor.access.AccessRequest;
import dev.proctor.review.ui.TaskRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The access-request inbox: a live list fed by the admin API's change feed (pending first, then
 * newest), approve with a duration and reason, deny with a reason, revoke a live grant, a
 * notification when a new request arrives, and the API's own sentence when the approver may not
 * decide.
 */
public final class InboxViewModel {
  private final Supplier<AccessSource> connect;
  private final TaskRunner tasks;
  private final Executor fxThread;
  private final Notifier notifier;
  private final Clock clock;
  private final Map<String, AccessRequest> byId = new LinkedHashMap<>();
  private final ObservableList<RequestRow> rows = FXCollections.observableArrayList();
  private final ObjectProperty<RequestRow> selected = new SimpleObjectProperty<>();
  private final StringProperty duration = new SimpleStringProperty("");
  private final StringProperty reason = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("not connected");
  private final ReadOnlyObjectWrapper<Instant> now;
  private AccessSource source;
  private AutoCloseable feed;
  private Instant connectedAt = Instant.MAX;

  /**
   * @param connect the admin API as the signed-in user sees it
   * @param fxThread where feed events are handed to the screen ({@code Platform::runLater})
   */
  public InboxViewModel(
      Supplier<AccessSource> connect,
      TaskRunner tasks,
      Executor fxThread,
      Notifier notifier,
      Clock clock) {
    this.connect = connect;
    this.tasks = tasks;
    this.fxThread = fxThread;
    this.notifier = notifier;
    this.clock = clock;
    this.now = new ReadOnlyObjectWrapper<>(clock.instant());
  }

  /** The time the rows' ages are counted to; {@link #tick} moves it on. */
  public ReadOnlyObjectProperty<Instant> now() {
    return now.getReadOnlyProperty();
  }

  /** Moves {@link #now} to the clock's time, so that "asked 5 s ago" does not stay 5 s. */
  public void tick() {
    now.set(clock.instant());
  }

  public ObservableList<RequestRow> rows() {
    return rows;
  }

  public ObjectProperty<RequestRow> selected() {
    return selected;
  }

  /** The grant's length, as {@code 2h}, {@code 30m} or ISO {@code PT2H}; empty for as asked. */
  public StringProperty duration() {
    return duration;
  }

  public StringProperty reason() {
    return reason;
  }

  /** What the last decision did, or why it was refused, in the API's words. */
  public ReadOnlyStringProperty message() {
    return message.getReadOnlyProperty();
  }

  /** {@code live}, {@code not connected}, or why the feed stopped. */
  public ReadOnlyStringProperty connection() {
    return connection.getReadOnlyProperty();
  }

  /** (Re)connects the feed, e.g. after signing in. */
  public void connect() {
    disconnect();
    byId.clear();
    rows.clear();
    source = connect.get();
    connectedAt = clock.instant();
    connection.set("connecting…");
    feed =
        source.follow(
            () -> fxThread.execute(() -> connection.set("live")),
            r -> fxThread.execute(() -> changed(r)),
            e -> fxThread.execute(() -> connection.set("feed stopped: " + e.getMessage())));
  }

  public void disconnect() {
    if (feed != null) {
      try {
        feed.close();
      } catch (Exception e) {
        // closing a stream that already ended
      }
      feed = null;
    }
    connection.set("not connected");
  }

  /** A request as the feed sent it. */
  void changed(AccessRequest r) {
    AccessRequest before = byId.put(r.id(), r);
    if (before == null
        && r.state() == AccessRequest.State.PENDING
        && !r.createdAt().isBefore(connectedAt)) { // news, not the backlog the feed starts with
      notifier.notify(
          "Access request from " + r.requester().subject(),
          r.requester().subject()
              + " asks for "
              + r.connection()
              + " ("
              + RequestRow.human(r.requestedDuration())
              + "): "
              + (r.reason().isBlank() ? "no reason given" : r.reason()));
    }
    tick();
    String keep = selected.get() == null ? null : selected.get().id();
    rows.setAll(
        byId.values().stream()
            .sorted(
                Comparator.comparing((AccessRequest a) -> a.state() != AccessRequest.State.PENDING)
                    .thenComparing(AccessRequest::createdAt, Comparator.reverseOrder()))
            .map(RequestRow::new)
            .toList());
    if (keep != null) {
      rows.stream().filter(row -> row.id().equals(keep)).findFirst().ifPresent(selected::set);
    } else if (!rows.isEmpty()
        && rows.getFirst().request().state() == AccessRequest.State.PENDING) {
      selected.set(rows.getFirst()); // open what waits for a decision; never move a selection
    }
  }

  public void approve() {
    RequestRow row = selected.get();
    if (row == null) {
      return;
    }
    Duration d;
    try {
      d = parseDuration(duration.get());
    } catch (IllegalArgumentException e) {
      message.set(e.getMessage());
      return;
    }
    decide(row, "approved", () -> source.approve(row.id(), d, reason.get().strip()));
  }

  public void deny() {
    RequestRow row = selected.get();
    if (row != null) {
      decide(row, "denied", () -> source.deny(row.id(), reason.get().strip()));
    }
  }

  public void revoke() {
    RequestRow row = selected.get();
    if (row != null) {
      decide(row, "revoked", () -> source.revoke(row.id(), reason.get().strip()));
    }
  }

  private void decide(
      RequestRow row, String verb, java.util.concurrent.Callable<AccessRequest> call) {
    message.set("");
    tasks.run(
        call,
        next -> {
          changed(next);
          reason.set("");
          duration.set("");
          message.set(
              "Request "
                  + row.id()
                  + " of "
                  + row.requester()
                  + ": "
                  + verb
                  + ". Now "
                  + next.state().wireName()
                  + ".");
        },
        failure ->
            message.set(
                failure instanceof AdminApiException refused
                    ? refused.getMessage()
                    : "The gateway could not be reached: " + failure.getMessage()));
  }

  /**
   * {@code 90m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT2H}); empty is zero (as asked).
   *
   * @throws IllegalArgumentException saying what is expected
   */
  static Duration parseDuration(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1).strip());
      Duration d =
          switch (t.charAt(t.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new NumberFormatException();
          };
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "Duration: '" + text + "' is not a length of time; write 30m, 2h, 1d or PT2H.");
    }
  }
}
