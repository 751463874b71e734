package dev.proctor.gateway.sse;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One server-sent event.
 *
 * @param raw its exact bytes on the wire, terminators included
 * @param event its {@code event} field, if any
 * @param data its {@code data} lines, joined by LF
 */
public record SseEvent(byte[] raw, Optional<String> event, String data) {

  /** A new event, encoded as {@code event:} (when named) and one {@code data:} line per line. */
  public static SseEvent of(Optional<String> event, String data) {
    StringBuilder wire = new StringBuilder(data.length() + 32);
    event.ifPresent(name -> wire.append("event: ").append(name).append('\n'));
    for (String line : data.split("\n", -1)) {
      wire.append("data: ").append(line).append('\n');
    }
    wire.append('\n');
    return new SseEvent(wire.toString().getBytes(StandardCharsets.UTF_8), event, data);
  }
}
