package dev.proctor.gateway.upstream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One open connection to an origin. Its socket reads carry no timeout of their own (a timed read
 * costs a scheduled wake-up per read on a virtual thread); instead each read marks when it began,
 * and {@link ReadTimeouts} closes a connection whose read has waited too long.
 */
final class UpstreamConnection {
  private static final int BUFFER = 16 * 1024;

  final String origin;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** {@link System#nanoTime} when the current socket read began; 0 when none is under way. */
  private volatile long readingSince;

  private volatile boolean timedOut;
  private long idleSince;

  UpstreamConnection(String origin, Socket socket) throws IOException {
    this.origin = origin;
    this.socket = socket;
    this.in = new LineBufferedInput(new MarkedReads(socket.getInputStream()), BUFFER);
    this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
  }

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  /** True when a read has been waiting longer than {@code limit} at {@code now}. */
  boolean readOverdue(long now, Duration limit) {
    long since = readingSince;
    return since != 0 && now - since > limit.toNanos();
  }

  /** Ends a read that waited too long: the reader gets a {@link SocketTimeoutException}. */
  void timeOut() {
    timedOut = true;
    close();
  }

  void idle(long now) {
    idleSince = now;
  }

  long idleSince() {
    return idleSince;
  }

  /**
   * Whether the peer closed this idle connection: a read of at most 1 ms finds its end of stream.
   * Any byte where none was expected makes it unusable too.
   */
  boolean closedByPeer() {
    try {
      socket.setSoTimeout(1);
      try {
        in.read();
        return true; // end of stream, or a byte nobody asked for
      } finally {
        socket.setSoTimeout(0);
      }
    } catch (SocketTimeoutException e) {
      return false; // silence: still open
    } catch (IOException e) {
      return true;
    }
  }

  void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  boolean isClosed() {
    return socket.isClosed();
  }

  /** Marks each read of the socket for {@link ReadTimeouts}. */
  private final class MarkedReads extends InputStream {
    private final InputStream socketIn;

    MarkedReads(InputStream socketIn) {
      this.socketIn = socketIn;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      readingSince = System.nanoTime();
      try {
        return socketIn.read(b, off, len);
      } catch (IOException e) {
        if (timedOut) {
          throw new SocketTimeoutException("the upstream sent nothing for too long");
        }
        throw e;
      } finally {
        readingSince = 0;
      }
    }
  }
}
