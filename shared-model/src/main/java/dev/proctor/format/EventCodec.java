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
   * type names, hex), so its text is copied in directly, one byte per character.
   */
  static byte[] envelope(Event event, byte[] data) {
    String head =
        "{\"v\":"
            + Event.VERSION
            + ",\"sid\":\""
            + plain(event.sid())
            + "\",\"seq\":"
            + event.seq()
            + ",\"ts\":\""
            + Timestamps.format(event.ts())
            + "\",\"type\":\""
            + event.type().wireName()
            + "\""
            + (event.xid().isPresent() ? ",\"xid\":\"" + plain(event.xid().get()) + "\"" : "")
            + ",\"data\":";
    String tail = ",\"prev\":\"" + plain(event.prev()) + "\"}";
    byte[] line = new byte[head.length() + data.length + tail.length()];
    copyAscii(head, line, 0);
    System.arraycopy(data, 0, line, head.length(), data.length);
    copyAscii(tail, line, head.length() + data.length);
    return line;
  }

  private static void copyAscii(String text, byte[] into, int at) {
    for (int i = 0; i < text.length(); i++) {
      into[at + i] = (byte) text.charAt(i);
    }
  }

  private static String plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        throw new FormatException("envelope value needs escaping: " + value);
      }
    }
    return value;
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
