package dev.proctor.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS upstreams: the certificate is checked, the connection is kept, a silent peer times out. */
class UpstreamTlsTest {
  static TestCertificate certificate;

  @BeforeAll
  static void issue() throws Exception {
    certificate = TestCertificate.localhost();
  }

  static final WireServer.Script OK =
      (request, n, out) -> {
        WireServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nok " + n);
        return true;
      };

  static UpstreamClient client(TestCertificate certificate, Duration connectTimeout) {
    return client(certificate, connectTimeout, Optional.empty());
  }

  static UpstreamClient client(
      TestCertificate certificate, Duration connectTimeout, Optional<OutboundProxy> proxy) {
    return new UpstreamClient(
        4, connectTimeout, Duration.ofSeconds(5), proxy, certificate.client().getSocketFactory());
  }

  static String get(UpstreamClient client, String url) throws IOException {
    try (UpstreamResponse response =
        client.send(UpstreamRequest.of("GET", URI.create(url), List.of(), new byte[0]))) {
      return response.status()
          + " "
          + new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void callsAnHttpsUpstreamAndKeepsTheConnectionAcrossAnIdlePause() throws Exception {
    try (WireServer server = new WireServer(OK, Optional.of(certificate.server()));
        UpstreamClient client = client(certificate, Duration.ofSeconds(5))) {
      assertThat(get(client, server.url("localhost", "/v1/models"))).isEqualTo("200 ok 0");
      assertThat(get(client, server.url("localhost", "/v1/models"))).isEqualTo("200 ok 1");
      Thread.sleep(1_100); // idle long enough that the next call first checks the connection
      assertThat(get(client, server.url("localhost", "/v1/models"))).isEqualTo("200 ok 2");
      assertThat(server.connections).hasValue(1);
    }
  }

  @Test
  void refusesAnUpstreamWhoseCertificateDoesNotNameTheHostCalled() throws Exception {
    try (WireServer server = new WireServer(OK, Optional.of(certificate.server()));
        UpstreamClient client = client(certificate, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> get(client, server.url("127.0.0.1", "/v1/models")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("127.0.0.1");
    }
  }

  @Test
  void anUpstreamThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        UpstreamClient client = client(certificate, Duration.ofMillis(500))) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket accepted = silent.accept()) {
                  accepted.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                  // the test is over
                }
              });
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> get(client, "https://localhost:" + silent.getLocalPort() + "/v1/models"))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
