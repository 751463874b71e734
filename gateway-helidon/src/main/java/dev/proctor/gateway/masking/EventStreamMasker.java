package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.gateway.sse.SseEvent;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.StreamingMasker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Masks one streamed answer event by event. Each channel of text ({@link StreamFields}) has its own
 * {@link StreamingMasker}, so the text a client reassembles equals the masking of the whole text,
 * however the upstream cut it. Text that could still become a secret is held back; when an event
 * ends its channel, the held text goes out in an event of the same shape just before it. Whole
 * values in an event (a {@code .done} event's full text, say) are masked as they are.
 *
 * <p>Under {@link MaskingPolicy#DETECT} the client receives the upstream's events unchanged, and
 * only the recording gets the masked ones. Signed model output (Anthropic thinking) is treated so
 * under either policy: the provider refuses the next call if it comes back altered (ADR 0011). Not
 * thread-safe: one instance per stream.
 */
public final class EventStreamMasker {
  private final JsonMasker masker;
  private final MaskingPolicy policy;
  private final Map<String, Channel> open = new LinkedHashMap<>();
  private final List<Finding> findings = new ArrayList<>();

  /** Secrets recorded, as rule and fingerprint: a whole value repeating them adds nothing. */
  private final Set<String> secrets = new HashSet<>();

  /** Places recorded, as channel and offset: a channel's matches are read more than once. */
  private final Set<String> places = new HashSet<>();

  private ObjectNode lastEvent;

  public EventStreamMasker(JsonMasker masker, MaskingPolicy policy) {
    this.masker = requireNonNull(masker, "masker");
    this.policy = requireNonNull(policy, "policy");
  }

  /**
   * What to send and what to record for one upstream event.
   *
   * @param toClient the events for the client, in order
   * @param toRecord the same events masked, for the recording
   */
  public record Relay(List<SseEvent> toClient, List<SseEvent> toRecord) {
    static Relay same(List<SseEvent> events) {
      return new Relay(events, events);
    }
  }

  public Relay apply(SseEvent event) {
    if (policy == MaskingPolicy.OFF) {
      return Relay.same(List.of(event));
    }
    Optional<ObjectNode> parsed = parseObject(event.data());
    if (parsed.isEmpty()) {
      List<Flushed> flushed =
          event.data().strip().equals("[DONE]")
              ? end(List.of(StreamFields.ALL), List.of())
              : List.of();
      return relay(event, false, flushed, event);
    }
    ObjectNode json = parsed.get();
    lastEvent = json;
    boolean signed = StreamFields.isSignedOutput(json);
    List<StreamFields.Piece> pieces = StreamFields.pieces(json);
    List<String> ends = StreamFields.ends(json);
    List<String> released = new ArrayList<>(pieces.size());
    boolean changed = false;
    for (StreamFields.Piece piece : pieces) {
      String text = piece.text();
      Channel channel = open.computeIfAbsent(piece.channel(), c -> new Channel(c, masker));
      channel.flush = piece.flush();
      channel.name = event.event();
      channel.signed = piece.signed();
      String out = channel.masker.push(text);
      if (endsChannel(ends, piece.channel())) {
        out += close(channel);
        open.remove(piece.channel());
      }
      released.add(out);
      changed |= !out.equals(text);
      piece.parent().put(piece.key(), ""); // so that the whole-value pass below skips it
    }
    List<Flushed> flushed = end(ends, pieces);
    changed |= wholeValues(json);
    for (int i = 0; i < pieces.size(); i++) {
      pieces.get(i).parent().put(pieces.get(i).key(), released.get(i));
    }
    return relay(event, signed, flushed, changed ? SseEvent.of(event.event(), write(json)) : event);
  }

  /**
   * The stream ended cleanly without ending every channel: the held text, in events of its
   * channel's shape.
   */
  public Relay finish() {
    if (policy == MaskingPolicy.OFF) {
      return Relay.same(List.of());
    }
    List<SseEvent> toClient = new ArrayList<>();
    List<SseEvent> toRecord = new ArrayList<>();
    for (Flushed f : end(List.of(StreamFields.ALL), List.of())) {
      toRecord.add(f.event());
      if (policy == MaskingPolicy.MASK && !f.signed()) {
        toClient.add(f.event());
      }
    }
    return new Relay(toClient, toRecord);
  }

  /**
   * The stream broke: held text is dropped, since it may be the start of a secret; the findings in
   * what was released are kept.
   */
  public void abandon() {
    for (Channel channel : open.values()) {
      record(channel, channel.masker.matches());
    }
    open.clear();
  }

  /** The secrets found so far, each once per place (a full text repeating its deltas is not). */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  /** Characters received but not yet released, over all channels. */
  public int heldBack() {
    int held = 0;
    for (Channel channel : open.values()) {
      held += channel.masker.heldBack();
    }
    return held;
  }

  /**
   * What to send and record for one upstream event.
   *
   * @param signed the event is signed model output: the client gets it as it came
   * @param flushed held text of channels this event ended, to go before it
   * @param masked the event masked
   */
  private Relay relay(SseEvent original, boolean signed, List<Flushed> flushed, SseEvent masked) {
    List<SseEvent> toRecord = new ArrayList<>(flushed.size() + 1);
    boolean anySigned = signed;
    for (Flushed f : flushed) {
      toRecord.add(f.event());
      anySigned |= f.signed();
    }
    toRecord.add(masked);
    if (policy == MaskingPolicy.DETECT) {
      return new Relay(List.of(original), toRecord);
    }
    if (!anySigned) {
      return Relay.same(toRecord); // the common case: the client gets what is recorded
    }
    List<SseEvent> toClient = new ArrayList<>(flushed.size() + 1);
    for (Flushed f : flushed) {
      if (!f.signed()) {
        toClient.add(f.event());
      }
    }
    toClient.add(signed ? original : masked);
    return new Relay(toClient, toRecord);
  }

  /**
   * An event that carries a channel's held text.
   *
   * @param signed the channel is signed model output, which the client already has as it came
   */
  private record Flushed(SseEvent event, boolean signed) {}

  /** Closes the open channels that {@code ends} ends, except those this event itself carries. */
  private List<Flushed> end(List<String> ends, List<StreamFields.Piece> carried) {
    List<Flushed> flushed = new ArrayList<>();
    for (Iterator<Channel> it = open.values().iterator(); it.hasNext(); ) {
      Channel channel = it.next();
      if (!endsChannel(ends, channel.path)
          || carried.stream().anyMatch(p -> p.channel().equals(channel.path))) {
        continue;
      }
      it.remove();
      String rest = close(channel);
      if (!rest.isEmpty() && lastEvent != null) {
        flushed.add(
            new Flushed(
                SseEvent.of(channel.name, write(channel.flush.event(lastEvent, rest))),
                channel.signed));
      }
    }
    return flushed;
  }

  private String close(Channel channel) {
    String rest = channel.masker.finish();
    record(channel, channel.masker.matches());
    return rest;
  }

  private void record(Channel channel, List<SecretMatch> matches) {
    for (SecretMatch m : matches) {
      if (places.add(channel.path + '@' + m.start())) {
        secrets.add(m.rule().id() + '#' + m.fingerprint());
        Finding.Action done = channel.signed ? Finding.Action.DETECTED : action();
        findings.add(JsonMasker.finding(m, Finding.Direction.RESPONSE, channel.path, done));
      }
    }
  }

  /** Masks the whole values of an event; returns whether anything changed. */
  private boolean wholeValues(ObjectNode json) {
    List<Finding> whole = masker.apply(json, Finding.Direction.RESPONSE, action());
    for (Finding f : whole) {
      if (secrets.add(f.rule() + '#' + f.fingerprint())) {
        findings.add(f);
      }
    }
    return !whole.isEmpty();
  }

  private Finding.Action action() {
    return policy.action();
  }

  private static boolean endsChannel(List<String> ends, String channel) {
    for (String prefix : ends) {
      if (channel.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<ObjectNode> parseObject(String data) {
    if (data.isEmpty() || data.charAt(0) != '{') {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(data);
      return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String write(JsonNode json) {
    try {
      return Json.mapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed event could not be written back", e);
    }
  }

  /** One text being streamed. */
  private static final class Channel {
    final String path;
    final StreamingMasker masker;
    StreamFields.Flush flush;
    Optional<String> name = Optional.empty();
    boolean signed;

    Channel(String path, JsonMasker masker) {
      this.path = path;
      this.masker = masker.scanner().stream();
    }
  }
}
