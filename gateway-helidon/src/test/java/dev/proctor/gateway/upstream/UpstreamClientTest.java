package dev.proctor.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamClientTest {
  private final UpstreamClient client =
      new UpstreamClient(8, Duration.ofSeconds(5), Duration.ofMillis(300));

  @AfterEach
  void close() {
    client.close();
  }

  private static UpstreamRequest post(WireServer server, String path, String body) {
    return UpstreamRequest.of(
        "POST",
        URI.create(server.url(path)),
        List.of(new HeaderField("Content-Type", "application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String bodyOf(UpstreamResponse response) throws IOException {
    try (response) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sendsTheRequestAndReusesTheConnectionForTheNextCall() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(
                  out,
                  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: r"
                      + n
                      + "\r\nContent-Length: 11\r\n\r\n{\"n\":\"ok\"}\n");
              return true;
            })) {
      UpstreamResponse first = client.send(post(server, "/v1/chat/completions?x=1", "{\"a\":1}"));
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("x-request-id")).contains("r0");
      assertThat(first.mediaType()).contains("application/json");
      assertThat(first.contentLength()).hasValue(11);
      assertThat(bodyOf(first)).isEqualTo("{\"n\":\"ok\"}\n");
      assertThat(bodyOf(client.send(post(server, "/v1/models", "{}"))))
          .isEqualTo("{\"n\":\"ok\"}\n");

      assertThat(server.connections).hasValue(1);
      WireServer.Request sent = server.requests.getFirst();
      assertThat(sent.line()).isEqualTo("POST /v1/chat/completions?x=1 HTTP/1.1");
      assertThat(sent.head())
          .contains("Host: 127.0.0.1:")
          .contains("Content-Type: application/json\r\n")
          .contains("Content-Length: 7\r\n");
      assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }
  }

  @Test
  void readsAChunkedBodyWithExtensionsAndTrailers() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(
                  out,
                  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n"
                      + "7;ext=1\r\ndata: a\r\n"
                      + "a\r\n\ndata: bc\n\r\n"
                      + "0\r\nX-Trailer: t\r\n\r\n");
              return true;
            })) {
      UpstreamResponse response = client.send(post(server, "/", "{}"));
      assertThat(response.mediaType()).contains("text/event-stream");
      assertThat(response.contentLength()).isEmpty();
      assertThat(bodyOf(response)).isEqualTo("data: a\ndata: bc\n");
      assertThat(bodyOf(client.send(post(server, "/", "{}")))).isEqualTo("data: a\ndata: bc\n");
      assertThat(server.connections).hasValue(1);
    }
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnectionWhichIsNotReused() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "HTTP/1.0 200 OK\r\n\r\nuntil the end");
              return false;
            })) {
      assertThat(bodyOf(client.send(post(server, "/", "{}")))).isEqualTo("until the end");
      assertThat(bodyOf(client.send(post(server, "/", "{}")))).isEqualTo("until the end");
      assertThat(server.connections).hasValue(2);
    }
  }

  @Test
  void aKeptConnectionTheUpstreamClosedIsReplacedAndTheCallSentAgain() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
              return false; // closes without saying Connection: close, as an idle timeout does
            })) {
      assertThat(bodyOf(client.send(post(server, "/", "{\"first\":1}")))).isEqualTo("ok");
      assertThat(bodyOf(client.send(post(server, "/", "{\"second\":2}")))).isEqualTo("ok");

      assertThat(server.connections).hasValue(2);
      assertThat(server.requests)
          .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
          .containsExactly("{\"first\":1}", "{\"second\":2}");
    }
  }

  @Test
  void aStreamedBodyIsSentInChunks() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "HTTP/1.1 204 No Content\r\n\r\n");
              return true;
            })) {
      byte[] body = "x".repeat(40_000).getBytes(StandardCharsets.UTF_8);
      UpstreamResponse response =
          client.send(
              UpstreamRequest.streamed(
                  "PUT",
                  URI.create(server.url("/raw")),
                  List.of(),
                  out -> new ByteArrayInputStream(body).transferTo(out)));
      assertThat(response.status()).isEqualTo(204);
      assertThat(bodyOf(response)).isEmpty();

      WireServer.Request sent = server.requests.getFirst();
      assertThat(sent.head())
          .contains("Transfer-Encoding: chunked")
          .doesNotContain("Content-Length");
      assertThat(sent.body()).isEqualTo(body);
    }
  }

  @Test
  void anUpstreamSilentLongerThanTheReadTimeoutFailsTheCall() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return false;
            })) {
      assertThatThrownBy(() -> client.send(post(server, "/", "{}")))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("sent nothing");
    }
  }

  @Test
  void closingAResponseBeforeItsEndClosesTheConnection() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(
                  out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
              out.flush();
              try {
                Thread.sleep(200);
                for (int i = 0; i < 50; i++) {
                  WireServer.write(out, "5\r\nnext.\r\n");
                  out.flush();
                  Thread.sleep(20);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return true;
            })) {
      UpstreamResponse response = client.send(post(server, "/", "{}"));
      assertThat(response.body().readNBytes(5)).asString(StandardCharsets.UTF_8).isEqualTo("first");
      response.close(); // a client that hung up: the upstream call is cancelled

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.closedByClient.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(server.closedByClient).hasValue(1);
    }
  }

  @Test
  void aMalformedAnswerIsAClearError() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "SSH-2.0-OpenSSH\r\n\r\n");
              return false;
            })) {
      assertThatThrownBy(() -> client.send(post(server, "/", "{}")))
          .isInstanceOf(IOException.class)
          .hasMessage("the upstream did not answer in HTTP/1.x: 'SSH-2.0-OpenSSH'");
    }
  }

  @Test
  void aMalformedHeaderLineIsAClearError() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n");
              return false;
            })) {
      assertThatThrownBy(() -> client.send(post(server, "/", "{}")))
          .isInstanceOf(IOException.class)
          .hasMessage("the upstream sent a malformed header line: 'bad name: x'");
    }
  }

  @Test
  void aBodyCutShortIsAnError() throws Exception {
    try (WireServer server =
        new WireServer(
            (request, n, out) -> {
              WireServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
              return false;
            })) {
      UpstreamResponse response = client.send(post(server, "/", "{}"));
      assertThatThrownBy(() -> response.body().readAllBytes())
          .hasMessage("the upstream closed the connection 5 bytes before the body's end");
      response.close();
    }
  }
}
