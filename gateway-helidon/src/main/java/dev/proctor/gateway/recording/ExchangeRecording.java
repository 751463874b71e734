package dev.proctor.gateway.recording;

import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The recording of one exchange; call {@link #end} exactly once, whatever happens. A recording may
 * keep only metadata (no bodies, no chunks), or nothing at all when the policy says so.
 */
public final class ExchangeRecording {
  private final RecordingSession session;
  private final String xid;
  private final boolean bodies;
  private boolean ended;

  ExchangeRecording(RecordingSession session, String xid, boolean bodies) {
    this.session = session;
    this.xid = xid;
    this.bodies = bodies;
  }

  /** An exchange that is not recorded: every method does nothing, and ending it still counts. */
  public static ExchangeRecording none() {
    return new ExchangeRecording(null, "-", false);
  }

  public String sid() {
    return session == null ? "-" : session.sid();
  }

  public String xid() {
    return xid;
  }

  public void response(ExchangeResponse response) throws IOException {
    if (session != null) {
      session.append(Optional.of(xid), response);
    }
  }

  /**
   * Ends an exchange whose response head was not recorded yet (a body relayed whole, not a stream):
   * both events are written in one round of the session's lock, the head with the time it arrived.
   *
   * @return true when this call ended it
   */
  public synchronized boolean respondAndEnd(
      ExchangeResponse response, Instant headAt, ExchangeEnd end) throws IOException {
    if (ended) {
      return false;
    }
    ended = true;
    if (session == null) {
      return true;
    }
    try {
      session.appendPair(Optional.of(xid), response, headAt, kept(end));
    } finally {
      session.endExchange();
    }
    return true;
  }

  /** Records one SSE event; returns only once it is in the spool. */
  public synchronized void chunk(ExchangeChunk chunk) throws IOException {
    if (session != null && bodies && !ended) { // nothing follows an exchange's end
      session.append(Optional.of(xid), chunk);
    }
  }

  /**
   * Ends the exchange; later calls do nothing.
   *
   * @return true when this call ended it
   */
  public synchronized boolean end(ExchangeEnd end) throws IOException {
    if (ended) {
      return false;
    }
    ended = true;
    if (session == null) {
      return true;
    }
    try {
      session.append(Optional.of(xid), kept(end));
    } finally {
      session.endExchange();
    }
    return true;
  }

  /** What the recording keeps of an end: without the answer's body when it keeps metadata only. */
  private ExchangeEnd kept(ExchangeEnd end) {
    if (bodies || end.responseBody().isEmpty()) {
      return end;
    }
    return new ExchangeEnd(
        end.outcome(),
        end.durationMs(),
        end.bytesIn(),
        end.bytesOut(),
        end.usage(),
        Optional.empty(),
        end.findings(),
        end.detail());
  }
}
