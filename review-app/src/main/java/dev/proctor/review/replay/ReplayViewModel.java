package dev.proctor.review.replay;

import dev.proctor.format.Transcript;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.review.ui.Counts;
import dev.proctor.review.ui.TaskRunner;
import dev.proctor.secrets.SecretScanner;
import java.io.File;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The replay screen's state: one session as a conversation on its recorded timeline. The position
 * (milliseconds from the session's start) decides what shows: each exchange's request from when it
 * went out, its streamed answer event by event as it arrived. Playback moves the position at a
 * chosen speed; the scrubber sets it; next and previous finding jump to where a secret shows. Also
 * the integrity badge, the raw events and the report export. Loads off the FX thread.
 */
public final class ReplayViewModel {
  private static final System.Logger LOG = System.getLogger(ReplayViewModel.class.getName());
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** While playing, a silence between exchanges longer than this is cut short. */
  static final double LONGEST_PAUSE_MS = 2_000;

  private final ReplaySource source;
  private final TaskRunner tasks;
  private final java.util.function.Supplier<SecretScanner> scanner;
  private volatile SecretMarks marks;

  private final ObservableList<Bubble> bubbles = FXCollections.observableArrayList();
  private final ObservableList<String> rawEvents = FXCollections.observableArrayList();
  private final ObservableSet<String> expanded = FXCollections.observableSet();
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper sid = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper integrity = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper integrityDetail = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper clock = new ReadOnlyStringWrapper("");
  private final DoubleProperty position = new SimpleDoubleProperty(0);
  private final ReadOnlyDoubleWrapper duration = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
  private final ObjectProperty<Speed> speed = new SimpleObjectProperty<>(Speed.X1);
  private final ReadOnlyIntegerWrapper focus = new ReadOnlyIntegerWrapper(-1);

  private List<ExchangeTrack> tracks = List.of();
  private long opening;

  /** How many sessions read ahead are kept. */
  static final int PREFETCHED = 20;

  private final java.util.Map<String, Loaded> prefetched =
      new java.util.LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Loaded> eldest) {
          return size() > PREFETCHED;
        }
      };
  private List<Double> secretTimes = List.of();
  private long lastTick = -1;

  /**
   * @param scanner the shared scanner, asked for off the FX thread on the first session read
   */
  public ReplayViewModel(
      ReplaySource source, TaskRunner tasks, java.util.function.Supplier<SecretScanner> scanner) {
    this.source = source;
    this.tasks = tasks;
    this.scanner = scanner;
    position.addListener((o, was, now) -> show());
    speed.addListener(
        (o, was, now) -> {
          if (now == Speed.INSTANT) {
            playing.set(false);
            position.set(duration.get());
          }
        });
  }

  public ObservableList<Bubble> bubbles() {
    return FXCollections.unmodifiableObservableList(bubbles);
  }

  public ObservableList<String> rawEvents() {
    return FXCollections.unmodifiableObservableList(rawEvents);
  }

  /** Ids of the tool calls and results shown unfolded; the rest are folded. */
  public ObservableSet<String> expanded() {
    return expanded;
  }

  public void toggle(String bubbleId) {
    if (!expanded.remove(bubbleId)) {
      expanded.add(bubbleId);
    }
  }

  public ReadOnlyStringProperty title() {
    return title.getReadOnlyProperty();
  }

  /** The open session's id; empty before one is open. */
  public ReadOnlyStringProperty sid() {
    return sid.getReadOnlyProperty();
  }

  /** {@code verified}, {@code open}, {@code broken}, or empty before a session is open. */
  public ReadOnlyStringProperty integrity() {
    return integrity.getReadOnlyProperty();
  }

  /** The integrity with its reason, for a tooltip. */
  public ReadOnlyStringProperty integrityDetail() {
    return integrityDetail.getReadOnlyProperty();
  }

  /** What the last action did, or why it failed. */
  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  /** The position as a time of day, and the session's length. */
  public ReadOnlyStringProperty clock() {
    return clock.getReadOnlyProperty();
  }

  /** Milliseconds from the session's start; the scrubber sets it. */
  public DoubleProperty position() {
    return position;
  }

  public ReadOnlyDoubleProperty duration() {
    return duration.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty playing() {
    return playing.getReadOnlyProperty();
  }

  public ObjectProperty<Speed> speed() {
    return speed;
  }

  /** The bubble to scroll to after a jump, or -1. */
  public ReadOnlyIntegerProperty focus() {
    return focus.getReadOnlyProperty();
  }

  /** A session read and laid out on its timeline, off the FX thread. */
  private record Loaded(
      String sid,
      Optional<ReplaySource.Recorded> recorded,
      List<ExchangeTrack> tracks,
      List<Double> secretTimes,
      int messages) {}

  private SecretMarks marks() {
    SecretMarks m = marks;
    if (m == null) {
      m = new SecretMarks(scanner.get());
      marks = m;
    }
    return m;
  }

  private Loaded load(String sid) throws java.io.IOException {
    Optional<ReplaySource.Recorded> recorded = source.open(sid);
    List<ExchangeTrack> built = new ArrayList<>();
    List<Double> secrets = new ArrayList<>();
    int messages = 0;
    if (recorded.isPresent()) {
      Transcript t = recorded.get().transcript();
      Conversation.Reader conversation = new Conversation.Reader();
      for (Transcript.Exchange x : t.exchanges()) {
        ExchangeTrack track = new ExchangeTrack(x, conversation.read(x), t.started(), marks());
        built.add(track);
        secrets.addAll(track.secretTimes());
        messages += track.messageCount();
      }
    }
    return new Loaded(
        sid, recorded, built, secrets.stream().sorted().distinct().toList(), messages);
  }

  /**
   * Reads sessions ahead, one after the other in the background, so that opening them is instant;
   * the screen calls it with the first rows once the list shows. The last {@link #PREFETCHED} read
   * are kept. (Reading them also warms the JVM's code paths, so the next session read from disk
   * opens faster too.)
   */
  public void prefetch(List<String> sids) {
    List<String> wanted = sids.stream().limit(PREFETCHED).toList();
    tasks.run(
        () -> {
          List<Loaded> read = new ArrayList<>();
          for (String sid : wanted) {
            read.add(load(sid));
          }
          return read;
        },
        read -> read.forEach(l -> prefetched.put(l.sid(), l)),
        failure -> {});
  }

  /**
   * Shows session {@code sid}. A long session shows its start first, while the rest is read and
   * verified; then all of it (what is already on screen stays put).
   */
  public void open(String sid) {
    long started = System.nanoTime();
    long request = ++opening;
    pause();
    Loaded ready = prefetched.get(sid);
    if (ready != null) {
      show(ready, started);
      return;
    }
    tasks.run(
        () -> source.head(sid).map(t -> laidOut(sid, t)),
        head -> {
          if (request == opening && head.isPresent() && !sid.equals(this.sid.get())) {
            showStart(head.get(), started);
          }
        },
        failure -> {});
    tasks.run(
        () -> load(sid),
        loaded -> {
          if (request == opening) {
            show(loaded, started);
          }
        },
        failure -> title.set("Could not read session " + sid + ". " + failure.getMessage()));
  }

  private Loaded laidOut(String sid, Transcript t) {
    List<ExchangeTrack> built = new ArrayList<>();
    Conversation.Reader conversation = new Conversation.Reader();
    for (Transcript.Exchange x : t.exchanges()) {
      built.add(new ExchangeTrack(x, conversation.read(x), t.started(), marks()));
    }
    return new Loaded(sid, Optional.empty(), built, List.of(), 0);
  }

  /** The start of a long session, before the rest is read. */
  private void showStart(Loaded head, long started) {
    sid.set(head.sid());
    expanded.clear();
    title.set("Reading session " + head.sid() + "…");
    integrity.set("");
    integrityDetail.set("");
    rawEvents.clear();
    tracks = head.tracks();
    secretTimes = List.of();
    double end = tracks.stream().mapToDouble(ExchangeTrack::endMs).max().orElse(0);
    duration.set(end);
    position.set(end);
    show();
    long ms = (System.nanoTime() - started) / 1_000_000;
    status.set("First " + bubbles.size() + " lines in " + ms + " ms; reading the rest…");
    LOG.log(Level.INFO, "replay: first screen of {0} in {1} ms", head.sid(), ms);
  }

  private void show(Loaded loaded, long started) {
    String sid = loaded.sid();
    this.sid.set(sid);
    expanded.clear();
    if (loaded.recorded().isEmpty()) {
      title.set("Session " + sid + " is not in the local copy. Run ./proctor sync.");
      integrity.set("");
      integrityDetail.set("");
      tracks = List.of();
      secretTimes = List.of();
      rawEvents.clear();
      duration.set(0);
      position.set(0);
      show();
      return;
    }
    ReplaySource.Recorded recorded = loaded.recorded().get();
    Transcript t = recorded.transcript();
    title.set(
        t.open().map(o -> o.identity().subject() + " · " + o.connection() + " · ").orElse("")
            + TIME.format(t.started())
            + " UTC · "
            + sid);
    String detail = recorded.integrity().toString();
    integrityDetail.set(detail);
    integrity.set(detail.contains(":") ? detail.substring(0, detail.indexOf(':')) : detail);
    tracks = loaded.tracks();
    secretTimes = loaded.secretTimes();
    rawEvents.setAll(recorded.rawEvents());
    double end = tracks.stream().mapToDouble(ExchangeTrack::endMs).max().orElse(0);
    duration.set(end);
    if (position.get() == end) {
      show();
    } else {
      position.set(end);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    status.set(
        Counts.of(loaded.messages(), "message")
            + " in "
            + Counts.of(tracks.size(), "exchange")
            + " · opened in "
            + ms
            + " ms");
    LOG.log(Level.INFO, "replay: opened {0} ({1} messages) in {2} ms", sid, loaded.messages(), ms);
  }

  /** Starts playback; from the start when at the end. */
  public void play() {
    if (tracks.isEmpty()) {
      return;
    }
    if (speed.get() == Speed.INSTANT) {
      position.set(duration.get());
      return;
    }
    if (position.get() >= duration.get()) {
      position.set(0);
    }
    lastTick = -1;
    playing.set(true);
  }

  public void pause() {
    playing.set(false);
  }

  public void togglePlay() {
    if (playing.get()) {
      pause();
    } else {
      play();
    }
  }

  /**
   * Moves playback on by the real time since the last tick, at the chosen speed. The view calls it
   * every frame; tests call it with their own clock.
   *
   * @param nanos a monotonic time, as {@code AnimationTimer} passes it
   */
  public void tick(long nanos) {
    if (!playing.get()) {
      lastTick = -1;
      return;
    }
    if (lastTick < 0) {
      lastTick = nanos;
      return;
    }
    double next = position.get() + (nanos - lastTick) / 1e6 * speed.get().factor();
    lastTick = nanos;
    next = skipSilence(position.get(), next);
    if (next >= duration.get()) {
      position.set(duration.get());
      playing.set(false);
    } else {
      position.set(next);
    }
  }

  /** Between exchanges, a silence longer than {@link #LONGEST_PAUSE_MS} is cut to that. */
  private double skipSilence(double from, double to) {
    double nextStart = Double.MAX_VALUE;
    for (ExchangeTrack t : tracks) {
      if (t.inProgressAt(from)) {
        return to;
      }
      if (t.startMs() > from) {
        nextStart = Math.min(nextStart, t.startMs());
      }
    }
    return nextStart - from > LONGEST_PAUSE_MS ? Math.max(to, nextStart - LONGEST_PAUSE_MS) : to;
  }

  /** Jumps to where the next secret shows, if there is one after the position. */
  public void nextFinding() {
    secretTimes.stream()
        .filter(t -> t > position.get() + 0.5)
        .findFirst()
        .ifPresentOrElse(this::jumpTo, () -> status.set("No finding after this point."));
  }

  /** Jumps to where the previous secret shows, if there is one before the position. */
  public void previousFinding() {
    secretTimes.reversed().stream()
        .filter(t -> t < position.get() - 0.5)
        .findFirst()
        .ifPresentOrElse(this::jumpTo, () -> status.set("No finding before this point."));
  }

  private void jumpTo(double ms) {
    pause();
    position.set(ms);
    for (int i = bubbles.size() - 1; i >= 0; i--) {
      if (bubbles.get(i).hasSecret()) {
        focus.set(-1);
        focus.set(i);
        return;
      }
    }
  }

  /**
   * Writes the session's incident report.
   *
   * @param format {@code html}, {@code md} or {@code json}
   */
  public void export(File file, String format) {
    String session = sid.get();
    if (session.isEmpty()) {
      return;
    }
    tasks.run(
        () -> {
          java.nio.file.Files.writeString(
              file.toPath(), source.report(session, format), StandardCharsets.UTF_8);
          return file;
        },
        written -> status.set("Report written to " + written),
        failure -> status.set("Could not write the report: " + failure.getMessage()));
  }

  private void show() {
    double at = position.get();
    List<Bubble> now = new ArrayList<>();
    for (ExchangeTrack t : tracks) {
      t.appendAt(at, now);
    }
    int same = 0;
    while (same < now.size()
        && same < bubbles.size()
        && (now.get(same) == bubbles.get(same) || now.get(same).equals(bubbles.get(same)))) {
      same++;
    }
    if (same < bubbles.size()) {
      bubbles.remove(same, bubbles.size());
    }
    if (same < now.size()) {
      bubbles.addAll(now.subList(same, now.size()));
    }
    clock.set(format(at, duration.get()) + " / " + format(duration.get(), duration.get()));
  }

  /**
   * A time within a session, as precise as the session's length needs: a session of a second in
   * whole seconds would read "0:00 / 0:00".
   */
  private static String format(double ms, double sessionMs) {
    if (sessionMs < 1_000) {
      return Math.round(Math.floor(ms)) + " ms";
    }
    if (sessionMs < 10_000) {
      return String.format(Locale.ROOT, "0:%04.1f", Math.floor(ms / 100) / 10);
    }
    long s = Math.round(ms / 1000);
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }
}
