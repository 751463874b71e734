package dev.proctor.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Open-loop HTTP/1.1 load over a fixed set of keep-alive connections, paced the way {@code wrk2}
 * paces: every request has an intended start time, a connection takes the next request as soon as
 * it is free and sends it at that time (or at once, when it is already late), and latency counts
 * from the intended time, so a stall is charged to every request it delays.
 *
 * <p>It replaces the JDK's {@code HttpClient} for the fixed-rate runs (a pacing thread, a selector
 * thread and executor hand-offs for each call): with it, the benchmark's JVM, simulator included,
 * used 26.8 s of CPU in a quick run's measured phase against 15.7 s with this, and the paths under
 * test waited for a core behind it. Here a request is one blocking write and blocking reads on a
 * platform thread of its own connection.
 */
final class PacedConnections implements Closeable {
  /** What one request ended with. */
  interface Outcome {
    /**
     * @param intendedNanos when the request was meant to start ({@link System#nanoTime})
     * @param status the response's status code, or -1 when the exchange failed
     */
    void record(long intendedNanos, int status);
  }

  private static final LongConsumer NO_TIMING = at -> {};

  private final Path path;
  private final byte[] request;
  private final List<Connection> connections = new ArrayList<>();

  PacedConnections(Path path, String body, int connections) {
    this.path = path;
    this.request = request(path, body);
    for (int i = 0; i < connections; i++) {
      this.connections.add(new Connection());
    }
  }

  /**
   * Sends requests {@code 0, 1, 2, ...} at {@code intended.applyAsLong(i)} (nanoTime) until that
   * time reaches {@code endNanos}, and returns once every answer is in.
   *
   * @return how many requests were sent
   */
  long run(LongUnaryOperator intended, long endNanos, Outcome outcome) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (Connection connection : connections) {
      workers.add(
          Thread.ofPlatform()
              .name("paced-" + path.name())
              .start(() -> connection.work(next, intended, endNanos, outcome)));
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return Math.max(0, next.get() - connections.size());
  }

  /**
   * Sends requests one after the other on the first connection and returns the median time from
   * sending each to the arrival of the first byte of its answer's body, over the last {@code count}
   * of {@code warm + count} calls, in milliseconds.
   */
  double firstByteP50Ms(int warm, int count) throws IOException {
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    Connection connection = connections.getFirst();
    for (int i = 0; i < warm + count; i++) {
      connection
          .connect(); // a server may end a streamed answer by closing; connecting is not timed
      long start = System.nanoTime();
      long[] firstByte = {0};
      int status = connection.exchangeRetryingStale(at -> firstByte[0] = at);
      if (status != 200 || firstByte[0] == 0) {
        throw new IOException(path.name() + ": stream failed with HTTP " + status);
      }
      if (i >= warm) {
        histogram.recordValue((firstByte[0] - start) / 1000);
      }
    }
    return histogram.getValueAtPercentile(50) / 1000.0;
  }

  @Override
  public void close() {
    connections.forEach(Connection::close);
  }

  private static byte[] request(Path path, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append("POST ")
            .append(path.chatUrl().getRawPath())
            .append(" HTTP/1.1\r\nHost: ")
            .append(path.chatUrl().getHost())
            .append(':')
            .append(path.chatUrl().getPort())
            .append("\r\nContent-Type: application/json\r\nContent-Length: ")
            .append(content.length)
            .append("\r\n");
    path.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + content.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(content, 0, all, headBytes.length, content.length);
    return all;
  }

  /** One keep-alive connection, opened on first use and again after a failure or a close. */
  private final class Connection {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    void work(AtomicLong next, LongUnaryOperator intended, long endNanos, Outcome outcome) {
      while (true) {
        long at = intended.applyAsLong(next.getAndIncrement());
        if (at >= endNanos) {
          return;
        }
        for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        try {
          outcome.record(at, exchangeRetryingStale(NO_TIMING));
        } catch (IOException e) {
          close();
          outcome.record(at, -1);
        }
      }
    }

    /**
     * Sends the request and reads the answer; when a kept-alive connection fails before any answer
     * (the server had closed it), sends once more on a new one, as HTTP clients do.
     */
    private int exchangeRetryingStale(LongConsumer firstBodyByteAt) throws IOException {
      boolean reused = socket != null;
      try {
        return exchange(firstBodyByteAt);
      } catch (StaleConnectionException e) {
        close();
        if (!reused) {
          throw e;
        }
        return exchange(firstBodyByteAt);
      }
    }

    private int exchange(LongConsumer firstBodyByteAt) throws IOException {
      connect();
      int first;
      try {
        out.write(request);
        out.flush();
        first = in.read();
      } catch (IOException e) {
        throw new StaleConnectionException(e);
      }
      if (first < 0) {
        throw new StaleConnectionException(null);
      }
      return readResponse(first, firstBodyByteAt);
    }

    /** Opens the connection unless it is open. */
    void connect() throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(
            new InetSocketAddress(path.chatUrl().getHost(), path.chatUrl().getPort()), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
    }

    /**
     * Reads the rest of one whole response (Content-Length or chunked), whose {@code first} byte is
     * read, and returns its status code, telling {@code firstBodyByteAt} when the body's first byte
     * arrived ({@link System#nanoTime}).
     */
    private int readResponse(int first, LongConsumer firstBodyByteAt) throws IOException {
      String statusLine = (char) first + line();
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1 status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closes = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          closes = true;
        }
      }
      if (chunked || length != 0) {
        in.mark(1);
        if (in.read() >= 0) {
          firstBodyByteAt.accept(System.nanoTime());
        }
        in.reset();
      }
      if (chunked) {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
          skip(size);
          line();
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
          // trailers are not used
        }
      } else if (length >= 0) {
        skip(length);
      } else {
        closes = true;
        in.transferTo(OutputStream.nullOutputStream());
      }
      if (closes) {
        close();
      }
      return status;
    }

    private long chunkSize() throws IOException {
      String size = line();
      int extension = size.indexOf(';');
      return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).strip(), 16);
    }

    private void skip(long count) throws IOException {
      in.skipNBytes(count);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed in the middle of a response");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
  }

  /**
   * The connection failed before the first byte of an answer: on a kept-alive connection, the
   * server had closed it.
   */
  private static final class StaleConnectionException extends IOException {
    StaleConnectionException(IOException cause) {
      super("connection failed before an answer", cause);
    }
  }
}
