package dev.proctor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's probe against a plain socket server that answers in each of HTTP/1.1's ways. */
class PacedConnectionsTest {
  private static final String CONTENT_LENGTH = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  private static final String CHUNKED =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

  private final List<Integer> statuses = new CopyOnWriteArrayList<>();

  /** The request and header lines the server read. */
  private final List<String> heads = new CopyOnWriteArrayList<>();

  private ServerSocket server;
  private final AtomicInteger connectionsAccepted = new AtomicInteger();
  private final AtomicInteger requestsAnswered = new AtomicInteger();

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readsContentLengthAndChunkedAnswersOnOneKeptAliveConnection() throws Exception {
    start(n -> n % 2 == 0 ? CONTENT_LENGTH : CHUNKED);
    try (PacedConnections probe = new PacedConnections(path(), "{}", 1)) {
      long sent = run(probe, 6);

      assertThat(sent).isEqualTo(6);
      assertThat(statuses).hasSize(6).containsOnly(200);
      assertThat(connectionsAccepted).hasValue(1);
      assertThat(heads)
          .contains(
              "POST /v1/chat/completions HTTP/1.1",
              "Content-Type: application/json",
              "Content-Length: 2",
              "Authorization: Bearer test");
    }
  }

  @Test
  void opensANewConnectionAfterAnAnswerThatEndsByClosing() throws Exception {
    start(n -> "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nbusy");
    try (PacedConnections probe = new PacedConnections(path(), "{}", 1)) {
      run(probe, 3);

      assertThat(statuses).containsExactly(503, 503, 503);
      assertThat(connectionsAccepted).hasValue(3);
    }
  }

  @Test
  void sendsAgainOnANewConnectionWhenTheServerClosedTheKeptAliveOne() throws Exception {
    // the server answers once per connection and then closes it without saying so
    start(n -> CONTENT_LENGTH, 1);
    try (PacedConnections probe = new PacedConnections(path(), "{}", 1)) {
      run(probe, 3);

      assertThat(statuses).containsExactly(200, 200, 200);
      assertThat(requestsAnswered).hasValue(3);
    }
  }

  @Test
  void countsAnAnswerCutShortAsAFailure() throws Exception {
    start(n -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", 1);
    try (PacedConnections probe = new PacedConnections(path(), "{}", 1)) {
      run(probe, 1);

      assertThat(statuses).containsExactly(-1);
    }
  }

  @Test
  void timesTheFirstByteOfTheBody() throws Exception {
    start(n -> CHUNKED);
    try (PacedConnections probe = new PacedConnections(path(), "{}", 1)) {
      double p50 = probe.firstByteP50Ms(2, 10);

      assertThat(p50).isPositive().isLessThan(1_000);
      assertThat(requestsAnswered).hasValue(12);
    }
  }

  @Test
  void rampsFromATenthOfTheRateToAllOfIt() {
    long second = 1_000_000_000L;
    // over a 1 s ramp to 1,000 req/s, 550 requests are due (the integral of 100 + 900 t)
    assertThat(LoadProbe.intendedOffsetNanos(550, 1_000, second)).isEqualTo(second);
    assertThat(LoadProbe.intendedOffsetNanos(0, 1_000, second)).isZero();
    // the first requests come 10 ms apart (100 req/s), the last ones of the ramp 1 ms apart
    long gapAtStart =
        LoadProbe.intendedOffsetNanos(1, 1_000, second)
            - LoadProbe.intendedOffsetNanos(0, 1_000, second);
    long gapAtEnd =
        LoadProbe.intendedOffsetNanos(550, 1_000, second)
            - LoadProbe.intendedOffsetNanos(549, 1_000, second);
    assertThat(gapAtStart).isBetween(9_000_000L, 10_000_000L);
    assertThat(gapAtEnd).isBetween(1_000_000L, 1_010_000L);
    // after the ramp, and without one, a steady 1 ms apart
    assertThat(LoadProbe.intendedOffsetNanos(1_550, 1_000, second)).isEqualTo(2 * second);
    assertThat(LoadProbe.intendedOffsetNanos(7, 1_000, 0)).isEqualTo(7_000_000L);
  }

  /** Sends {@code count} requests, 1 ms apart, and returns how many were sent. */
  private long run(PacedConnections probe, int count) throws InterruptedException {
    long start = System.nanoTime();
    return probe.run(
        i -> start + i * 1_000_000L,
        start + count * 1_000_000L,
        (intended, status) -> statuses.add(status));
  }

  private Path path() {
    return new Path(
        "test",
        URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions"),
        Map.of("Authorization", "Bearer test"),
        Optional.empty());
  }

  private void start(IntFunction<String> answer) throws IOException {
    start(answer, Integer.MAX_VALUE);
  }

  /** A server that reads each request whole and answers it, up to {@code perConnection} times. */
  private void start(IntFunction<String> answer, int perConnection) throws IOException {
    server = new ServerSocket(0);
    Thread.ofVirtual()
        .start(
            () -> {
              List<Socket> open = new ArrayList<>();
              try {
                while (true) {
                  Socket socket = server.accept();
                  open.add(socket);
                  connectionsAccepted.incrementAndGet();
                  Thread.ofVirtual().start(() -> serve(socket, answer, perConnection));
                }
              } catch (IOException closed) {
                open.forEach(PacedConnectionsTest::closeQuietly);
              }
            });
  }

  private void serve(Socket socket, IntFunction<String> answer, int perConnection) {
    try (socket) {
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      for (int served = 0; served < perConnection; served++) {
        int length = 0;
        String line = in.readLine();
        if (line == null) {
          return;
        }
        heads.add(line);
        for (line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          heads.add(line);
          if (line.startsWith("Content-Length: ")) {
            length = Integer.parseInt(line.substring(16));
          }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
          int n = in.read(body, read, length - read);
          if (n < 0) {
            return;
          }
          read += n;
        }
        String response = answer.apply(requestsAnswered.getAndIncrement());
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (response.contains("Connection: close")) {
          return;
        }
      }
    } catch (IOException e) {
      // the probe closed the connection
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
