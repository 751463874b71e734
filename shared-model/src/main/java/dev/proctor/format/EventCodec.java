package dev.proctor.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Encodes events to single JSON lines (no newline) and decodes them back.
 *
 * <p>The envelope's keys always come in the order {@code v, sid, seq, ts, type, xid, data, prev},
 * and map keys inside {@code data} are sorted, so the same event always encodes to the same bytes.
 * The chain hashes those bytes, never a re-encoding.
 */
public final class EventCodec {
  private static final ObjectMapper MAPPER = Json.mapper();
  private static final EventDataWriter DATA_WRITER = new EventDataWriter(MAPPER);
  private static final String VERSION = Integer.toString(Event.VERSION);

  private EventCodec() {}

  public static byte[] encode(Event event) {
    return envelope(event, encodeData(event.data()));
  }

  /**
   * The JSON of an event's {@code data} alone. It is the expensive part of encoding and needs no
   * chain state, so writers can do it before taking the chain's lock.
   */
  public static byte[] encodeData(EventData data) {
    try {
      return DATA_WRITER.write(data);
    } catch (IOException e) {
      throw new FormatException("cannot encode " + EventType.of(data).wireName() + " data", e);
    }
  }

  /**
   * The event's line around already encoded {@code data}: the same bytes as {@link #encode}. The
   * envelope's values are ASCII without characters JSON escapes (ULIDs, numbers, v1 timestamps,
   * type names, hex), so they are copied in directly, each checked as it is copied.
   */
  static byte[] envelope(Event event, byte[] data) {
    String sid = event.sid();
    String seq = Long.toString(event.seq());
    String ts = Timestamps.format(event.ts());
    String type = event.type().wireName();
    String xid = event.xid().orElse(null);
    String prev = event.prev();
    int length =
        "{\"v\":,\"sid\":\"\",\"seq\":,\"ts\":\"\",\"type\":\"\",\"data\":,\"prev\":\"\"}".length()
            + VERSION.length()
            + sid.length()
            + seq.length()
            + ts.length()
            + type.length()
            + (xid == null ? 0 : ",\"xid\":\"\"".length() + xid.length())
            + data.length
            + prev.length();
    Line line = new Line(new byte[length]);
    line.ascii("{\"v\":").ascii(VERSION).ascii(",\"sid\":\"").plain(sid);
    line.ascii("\",\"seq\":").ascii(seq).ascii(",\"ts\":\"").ascii(ts);
    line.ascii("\",\"type\":\"").ascii(type).ascii("\"");
    if (xid != null) {
      line.ascii(",\"xid\":\"").plain(xid).ascii("\"");
    }
    line.ascii(",\"data\":").bytes(data).ascii(",\"prev\":\"").plain(prev).ascii("\"}");
    return line.done();
  }

  /** Fills a line of known length. */
  private static final class Line {
    private final byte[] bytes;
    private int at;

    Line(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Copies text known to be plain ASCII: the envelope's own, numbers, timestamps, names. */
    Line ascii(String text) {
      for (int i = 0; i < text.length(); i++) {
        bytes[at++] = (byte) text.charAt(i);
      }
      return this;
    }

    /** Copies a value from outside, refusing one that would need escaping. */
    Line plain(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          throw new FormatException("envelope value needs escaping: " + value);
        }
        bytes[at++] = (byte) c;
      }
      return this;
    }

    Line bytes(byte[] data) {
      System.arraycopy(data, 0, bytes, at, data.length);
      at += data.length;
      return this;
    }

    byte[] done() {
      if (at != bytes.length) {
        throw new IllegalStateException("envelope length: " + at + " of " + bytes.length);
      }
      return bytes;
    }
  }

  /**
   * @throws FormatException if the line is not one v1 event
   */
  public static Event decode(byte[] line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new FormatException("not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new FormatException("event: expected a JSON object");
    }
    int version = required(node, "v").asInt(-1);
    if (version != Event.VERSION) {
      throw new FormatException("v: " + required(node, "v") + " (expected: 1)");
    }
    EventType type = EventType.of(required(node, "type").asText());
    EventData data;
    try {
      data = MAPPER.treeToValue(required(node, "data"), type.dataType());
    } catch (IOException | IllegalArgumentException e) {
      throw new FormatException(type.wireName() + " data: " + e.getMessage(), e);
    }
    return new Event(
        required(node, "sid").asText(),
        required(node, "seq").asLong(),
        Timestamps.parse(required(node, "ts").asText()),
        Optional.ofNullable(node.get("xid")).map(JsonNode::asText),
        data,
        required(node, "prev").asText());
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new FormatException("event: missing field " + field);
    }
    return value;
  }
}
