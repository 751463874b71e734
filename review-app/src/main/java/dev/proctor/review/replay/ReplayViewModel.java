package dev.proctor.review.replay;

import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.Transcript;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import dev.proctor.review.sessions.Highlight;
import dev.proctor.review.ui.TaskRunner;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The replay screen's state: one session as a conversation, each exchange headed by its model,
 * status, outcome, latency and tokens, each message by its role, masked secrets marked; and the
 * session's integrity. Loads off the FX thread.
 */
public final class ReplayViewModel {
  private static final Pattern MASK = Pattern.compile("\\[MASKED:[a-z0-9-]+:[0-9a-f]{8}]");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ReplaySource source;
  private final TaskRunner tasks;
  private final ObservableList<Bubble> bubbles = FXCollections.observableArrayList();
  private final ObservableList<Bubble> readOnlyBubbles =
      FXCollections.unmodifiableObservableList(bubbles);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper integrity = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper integrityDetail = new ReadOnlyStringWrapper("");

  public ReplayViewModel(ReplaySource source, TaskRunner tasks) {
    this.source = source;
    this.tasks = tasks;
  }

  public ObservableList<Bubble> bubbles() {
    return readOnlyBubbles;
  }

  public ReadOnlyStringProperty title() {
    return title.getReadOnlyProperty();
  }

  /** {@code verified}, {@code open}, {@code broken}, or empty before a session is open. */
  public ReadOnlyStringProperty integrity() {
    return integrity.getReadOnlyProperty();
  }

  /** The integrity with its reason, for a tooltip. */
  public ReadOnlyStringProperty integrityDetail() {
    return integrityDetail.getReadOnlyProperty();
  }

  /** Shows session {@code sid}. */
  public void open(String sid) {
    tasks.run(
        () -> source.open(sid),
        recorded -> {
          if (recorded.isEmpty()) {
            title.set("Session " + sid + " is not in the local copy. Run ./proctor sync.");
            integrity.set("");
            integrityDetail.set("");
            bubbles.clear();
            return;
          }
          Transcript t = recorded.get().transcript();
          title.set(
              t.open().map(o -> o.identity().subject() + " · " + o.connection() + " · ").orElse("")
                  + TIME.format(t.started())
                  + " UTC · "
                  + sid);
          String detail = recorded.get().integrity().toString();
          integrityDetail.set(detail);
          integrity.set(detail.contains(":") ? detail.substring(0, detail.indexOf(':')) : detail);
          bubbles.setAll(bubbles(t));
        },
        failure -> title.set("Could not read session " + sid + ". " + failure.getMessage()));
  }

  static List<Bubble> bubbles(Transcript t) {
    List<Bubble> out = new ArrayList<>();
    for (Transcript.Exchange x : t.exchanges()) {
      out.add(new Bubble("exchange", header(x), List.of()));
      for (Message m : Conversation.of(x)) {
        String label = m.role().wireName() + (m.tool().isEmpty() ? "" : " · " + m.tool());
        out.add(new Bubble(m.role().wireName(), label, masks(m.text())));
      }
    }
    return out;
  }

  /** Model, status, outcome, latency and tokens of one exchange. */
  static String header(Transcript.Exchange x) {
    StringBuilder h = new StringBuilder(TIME.format(x.started()));
    h.append(" · ").append(x.request().api().wireName());
    x.request().model().ifPresent(m -> h.append(" · ").append(m));
    x.response().ifPresent(r -> h.append(" · HTTP ").append(r.status()));
    x.end()
        .ifPresent(
            e -> {
              h.append(" · ").append(e.outcome().wireName());
              h.append(" · ").append(Math.round(e.durationMs())).append(" ms");
              e.usage().ifPresent(u -> h.append(" · ").append(tokens(u)));
            });
    return h.toString();
  }

  private static String tokens(ExchangeEnd.Usage u) {
    return u.inputTokens() + " → " + u.outputTokens() + " tokens";
  }

  /** The text in runs, each masked placeholder a marked run. */
  static List<Highlight> masks(String text) {
    List<Highlight> runs = new ArrayList<>();
    Matcher m = MASK.matcher(text);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        runs.add(new Highlight(text.substring(at, m.start()), false));
      }
      runs.add(new Highlight(m.group(), true));
      at = m.end();
    }
    if (at < text.length()) {
      runs.add(new Highlight(text.substring(at), false));
    }
    return runs;
  }
}
