package dev.proctor.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  private EventCodec() {}

  public static byte[] encode(Event event) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("v", Event.VERSION);
    line.put("sid", event.sid());
    line.put("seq", event.seq());
    line.put("ts", Timestamps.format(event.ts()));
    line.put("type", event.type().wireName());
    event.xid().ifPresent(xid -> line.put("xid", xid));
    line.set("data", MAPPER.valueToTree(event.data()));
    line.put("prev", event.prev());
    try {
      return MAPPER.writeValueAsBytes(line);
    } catch (JsonProcessingException e) {
      throw new FormatException("cannot encode event seq " + event.seq(), e);
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
