package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Appends events to one session's chain: assigns contiguous sequence numbers and links each event
 * to the hash of the previous line. Not thread-safe; a session appends from one place at a time.
 *
 * <pre>{@code
 * EventChain chain = EventChain.start(sid);
 * EventChain.Link link = chain.append(Instant.now(), Optional.empty(), sessionOpen);
 * spool.write(link.line());
 * }</pre>
 */
public final class EventChain {
  private final String sid;
  private long nextSeq;
  private String lastHash;

  private EventChain(String sid, long nextSeq, String lastHash) {
    this.sid = requireNonNull(sid, "sid");
    this.nextSeq = nextSeq;
    this.lastHash = requireNonNull(lastHash, "lastHash");
  }

  public static EventChain start(String sid) {
    return new EventChain(sid, 0, "");
  }

  /** Continues a chain whose last line had sequence {@code nextSeq - 1} and hash {@code hash}. */
  public static EventChain resume(String sid, long nextSeq, String lastHash) {
    return new EventChain(sid, nextSeq, lastHash);
  }

  public Link append(Instant ts, Optional<String> xid, EventData data) {
    return append(ts, xid, data, EventCodec.encodeData(data));
  }

  /**
   * Appends an event whose {@code data} was encoded beforehand with {@link EventCodec#encodeData},
   * so the caller can encode outside its lock.
   */
  public Link append(Instant ts, Optional<String> xid, EventData data, byte[] encodedData) {
    Event event = new Event(sid, nextSeq, ts, xid, data, lastHash);
    byte[] line = EventCodec.envelope(event, encodedData);
    String hash = Hashes.sha256Hex(line);
    nextSeq++;
    lastHash = hash;
    return new Link(event, line, hash);
  }

  public String sid() {
    return sid;
  }

  public long nextSeq() {
    return nextSeq;
  }

  /** Hash of the last appended line; empty before the first. */
  public String lastHash() {
    return lastHash;
  }

  /**
   * An appended event with its exact line bytes (no newline) and their hash.
   *
   * @param hash hex SHA-256 of {@code line}
   */
  public record Link(Event event, byte[] line, String hash) {}
}
