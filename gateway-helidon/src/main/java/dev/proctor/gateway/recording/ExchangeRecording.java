package dev.proctor.gateway.recording;

import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The recording of one exchange; call {@link #end} exactly once, whatever happens. */
public final class ExchangeRecording {
  private final RecordingSession session;
  private final String xid;
  private boolean ended;

  ExchangeRecording(RecordingSession session, String xid) {
    this.session = session;
    this.xid = xid;
  }

  public String sid() {
    return session.sid();
  }

  public String xid() {
    return xid;
  }

  public void response(ExchangeResponse response) throws IOException {
    session.append(Optional.of(xid), response);
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
    try {
      session.appendPair(Optional.of(xid), response, headAt, end);
    } finally {
      session.endExchange();
    }
    return true;
  }

  /** Records one SSE event; returns only once it is in the spool. */
  public void chunk(ExchangeChunk chunk) throws IOException {
    session.append(Optional.of(xid), chunk);
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
    try {
      session.append(Optional.of(xid), end);
    } finally {
      session.endExchange();
    }
    return true;
  }
}
