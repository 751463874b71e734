package dev.proctor.gateway.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a byte stream into server-sent events, however the bytes arrive. Each event keeps its exact
 * raw bytes (for relaying) beside its parsed {@code event} and {@code data} (for recording). Lines
 * may end in LF, CRLF or CR; an empty line ends an event.
 */
public final class SseFramer {
  private final ByteArrayOutputStream event = new ByteArrayOutputStream();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();
  private boolean afterCr;
  private boolean endsAfterCr;

  /** Feeds bytes and returns the events they complete, in order. */
  public List<SseEvent> feed(byte[] bytes, int offset, int length) {
    List<SseEvent> done = new ArrayList<>();
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (endsAfterCr) { // a blank line ended in CR: an LF right after it still belongs to it
        endsAfterCr = false;
        afterCr = false;
        if (b == '\n') {
          event.write(b);
          done.add(take());
          continue;
        }
        done.add(take());
      }
      if (afterCr && b == '\n') {
        event.write(b);
        afterCr = false;
        continue;
      }
      afterCr = false;
      event.write(b);
      if (b != '\n' && b != '\r') {
        line.write(b);
      } else if (line.size() > 0) {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
        afterCr = b == '\r';
      } else if (!lines.isEmpty()) {
        if (b == '\r') {
          endsAfterCr = true;
        } else {
          done.add(take());
        }
      } else {
        afterCr = b == '\r'; // a stray blank line stays with the next event's bytes
      }
    }
    return done;
  }

  /** What is left when the stream ends: an unterminated event, if any bytes remain. */
  public Optional<SseEvent> finish() {
    endsAfterCr = false;
    if (event.size() == 0) {
      return Optional.empty();
    }
    if (line.size() > 0) {
      lines.add(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
    return Optional.of(take());
  }

  private SseEvent take() {
    String name = null;
    StringBuilder data = null;
    for (String l : lines) {
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> name = value;
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> {}
      }
    }
    SseEvent result =
        new SseEvent(
            event.toByteArray(), Optional.ofNullable(name), data == null ? "" : data.toString());
    event.reset();
    lines.clear();
    return result;
  }
}
