package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of a segment: the envelope of format v1 around its typed {@code data}.
 *
 * @param prev hex SHA-256 of the exact bytes of the previous event's line; empty for seq 0
 */
public record Event(
    String sid, long seq, Instant ts, Optional<String> xid, EventData data, String prev) {

  /** The format version every event of this class carries. */
  public static final int VERSION = 1;

  public Event {
    requireNonNull(sid, "sid");
    if (seq < 0) {
      throw new IllegalArgumentException("seq: " + seq + " (expected: >= 0)");
    }
    ts = Timestamps.truncate(requireNonNull(ts, "ts"));
    xid = xid == null ? Optional.empty() : xid;
    requireNonNull(data, "data");
    requireNonNull(prev, "prev");
  }

  public EventType type() {
    return EventType.of(data);
  }
}
