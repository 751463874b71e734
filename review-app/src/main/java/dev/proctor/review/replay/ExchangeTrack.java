package dev.proctor.review.replay;

import dev.proctor.format.ApiKind;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.Transcript;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One exchange on the session's timeline: when its request went out, when each streamed event
 * arrived and when it ended, all in milliseconds from the session's start; and its bubbles as they
 * stood at any moment of it.
 */
final class ExchangeTrack {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Transcript.Exchange exchange;
  private final SecretMarks marks;
  private final double startMs;
  private final double[] chunkMs;
  private final double endMs;
  private final List<Bubble> request;
  private final List<Bubble> response;
  private int partialChunks = -1;
  private List<Bubble> partial = List.of();

  /**
   * @param messages the exchange's messages as its session's {@link Conversation.Reader} read them
   */
  ExchangeTrack(
      Transcript.Exchange exchange,
      List<Message> messages,
      Instant sessionStart,
      SecretMarks marks) {
    this.exchange = exchange;
    this.marks = marks;
    this.startMs = Duration.between(sessionStart, exchange.started()).toNanos() / 1e6;
    double head = startMs + exchange.response().map(r -> r.ttfbMs()).orElse(0.0);
    this.chunkMs = exchange.chunks().stream().mapToDouble(c -> head + c.offsetMs()).toArray();
    double lastChunk = chunkMs.length == 0 ? head : chunkMs[chunkMs.length - 1];
    this.endMs =
        Math.max(lastChunk, exchange.end().map(e -> startMs + e.durationMs()).orElse(lastChunk));
    List<Bubble> requestSide = new ArrayList<>();
    requestSide.add(new Bubble(exchange.xid() + "#h", "exchange", header(exchange), List.of()));
    List<Bubble> responseSide = new ArrayList<>();
    for (Bubble b : bubbles(messages, 0)) {
      (isRequestSide(b.kind()) ? requestSide : responseSide).add(b);
    }
    this.request = List.copyOf(requestSide);
    this.response = List.copyOf(responseSide);
  }

  double startMs() {
    return startMs;
  }

  double endMs() {
    return endMs;
  }

  /** Whether anything of this exchange is still arriving at {@code ms}. */
  boolean inProgressAt(double ms) {
    return ms >= startMs && ms < endMs;
  }

  /** The messages of the full exchange. */
  int messageCount() {
    return request.size() - 1 + response.size();
  }

  /** Where a secret shows: the request's time, or the response's end. */
  List<Double> secretTimes() {
    List<Double> times = new ArrayList<>();
    if (request.stream().anyMatch(Bubble::hasSecret)) {
      times.add(startMs);
    }
    if (response.stream().anyMatch(Bubble::hasSecret)) {
      times.add(endMs);
    }
    return times;
  }

  /** The bubbles as they stood at {@code ms}: nothing before the request, then what had arrived. */
  void appendAt(double ms, List<Bubble> out) {
    if (ms < startMs) {
      return;
    }
    out.addAll(request);
    if (ms >= endMs) {
      out.addAll(response);
      return;
    }
    int arrived = arrivedBy(ms);
    if (arrived == 0) {
      return;
    }
    if (arrived != partialChunks) {
      partialChunks = arrived;
      partial = responseOf(arrived);
    }
    out.addAll(partial);
  }

  private int arrivedBy(double ms) {
    int i = Arrays.binarySearch(chunkMs, ms);
    if (i < 0) {
      return -i - 1;
    }
    while (i + 1 < chunkMs.length && chunkMs[i + 1] == ms) {
      i++;
    }
    return i + 1;
  }

  /** The response as the first {@code n} streamed events made it. */
  private List<Bubble> responseOf(int n) {
    List<ExchangeChunk> arrived = exchange.chunks().subList(0, n);
    Transcript.Exchange sofar =
        new Transcript.Exchange(
            exchange.xid(),
            exchange.started(),
            exchange.request(),
            exchange.response(),
            arrived,
            Optional.empty());
    return bubbles(Conversation.of(sofar), 0).stream()
        .filter(b -> !isRequestSide(b.kind()))
        .toList();
  }

  private List<Bubble> bubbles(List<Message> messages, int first) {
    List<Bubble> out = new ArrayList<>();
    int i = first;
    for (Message m : messages) {
      String kind = m.role().wireName();
      String label = kind + (m.tool().isEmpty() ? "" : " · " + m.tool());
      List<Block> blocks =
          m.role() == Message.Role.TOOL_CALL || m.role() == Message.Role.TOOL_RESULT
              ? List.of(
                  new Block(
                      Block.Kind.CODE,
                      "json",
                      CodeHighlighter.highlight(
                          m.role() == Message.Role.TOOL_CALL ? "json" : "", m.text())))
              : Markdown.parse(m.text());
      out.add(new Bubble(exchange.xid() + "#" + kind + i++, kind, label, marks.mark(blocks)));
    }
    return out;
  }

  private static boolean isRequestSide(String kind) {
    return kind.equals("user") || kind.equals("tool_result");
  }

  /** Model, status, outcome, latency and tokens of one exchange. */
  static String header(Transcript.Exchange x) {
    StringBuilder h = new StringBuilder(TIME.format(x.started()));
    h.append(" · ").append(x.request().api().wireName());
    if (x.request().api() == ApiKind.RAW) { // not a model call: say which call it was
      h.append(' ').append(x.request().method()).append(' ').append(x.request().path());
    }
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
}
