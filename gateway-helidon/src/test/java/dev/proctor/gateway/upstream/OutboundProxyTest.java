package dev.proctor.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS upstreams reached through a real forward proxy's CONNECT tunnel, or around it. */
class OutboundProxyTest {
  @TempDir static Path dir; // tinyproxy's config and log
  static TestCertificate certificate;

  @BeforeAll
  static void issue() throws Exception {
    certificate = TestCertificate.localhost();
  }

  @Test
  void anHttpsUpstreamIsCalledThroughTheProxysTunnelOnAKeptConnection() throws Exception {
    try (Tinyproxy proxy = new Tinyproxy(dir, Optional.empty());
        WireServer upstream =
            new WireServer(UpstreamTlsTest.OK, Optional.of(certificate.server()));
        UpstreamClient client =
            UpstreamTlsTest.client(
                certificate,
                Duration.ofSeconds(5),
                Optional.of(OutboundProxy.parse(proxy.url(""), "")))) {
      String url = upstream.url("localhost", "/v1/models");
      assertThat(UpstreamTlsTest.get(client, url)).isEqualTo("200 ok 0");
      assertThat(UpstreamTlsTest.get(client, url)).isEqualTo("200 ok 1");
      assertThat(upstream.connections).hasValue(1);
      assertThat(proxy.logText()).contains("): CONNECT localhost:" + URI.create(url).getPort());
    }
  }

  @Test
  void aProxyThatWantsCredentialsGetsThemFromTheProxyUrlAndSaysSoWhenTheyAreMissing()
      throws Exception {
    try (Tinyproxy proxy = new Tinyproxy(dir, Optional.of("gateway s3cret"));
        WireServer upstream =
            new WireServer(UpstreamTlsTest.OK, Optional.of(certificate.server()))) {
      String url = upstream.url("localhost", "/v1/models");
      try (UpstreamClient anonymous =
          UpstreamTlsTest.client(
              certificate,
              Duration.ofSeconds(5),
              Optional.of(OutboundProxy.parse(proxy.url(""), "")))) {
        assertThatThrownBy(() -> UpstreamTlsTest.get(anonymous, url))
            .isInstanceOf(IOException.class)
            .hasMessage(
                "the proxy 127.0.0.1:%d refused a tunnel to localhost:%d: HTTP 407 (it wants"
                    + " credentials in the proxy URL)",
                proxy.port, URI.create(url).getPort());
      }
      try (UpstreamClient withCredentials =
          UpstreamTlsTest.client(
              certificate,
              Duration.ofSeconds(5),
              Optional.of(OutboundProxy.parse(proxy.url("gateway:s3cret"), "")))) {
        assertThat(UpstreamTlsTest.get(withCredentials, url)).isEqualTo("200 ok 0");
      }
    }
  }

  @Test
  void hostsInNoProxyAndPlainHttpUpstreamsAreReachedDirectly() throws Exception {
    try (Tinyproxy proxy = new Tinyproxy(dir, Optional.empty());
        WireServer tlsUpstream =
            new WireServer(UpstreamTlsTest.OK, Optional.of(certificate.server()));
        WireServer plainUpstream = new WireServer(UpstreamTlsTest.OK);
        UpstreamClient client =
            UpstreamTlsTest.client(
                certificate,
                Duration.ofSeconds(5),
                Optional.of(OutboundProxy.parse(proxy.url(""), "example.com, localhost")))) {
      assertThat(UpstreamTlsTest.get(client, tlsUpstream.url("localhost", "/a")))
          .isEqualTo("200 ok 0");
      assertThat(UpstreamTlsTest.get(client, plainUpstream.url("/b"))).isEqualTo("200 ok 0");
      assertThat(proxy.logText()).doesNotContain("Request (");
    }
  }

  @Test
  void noProxyMatchesHostsTheirSubdomainsAndEverythingWithAStar() {
    OutboundProxy proxy =
        OutboundProxy.parse("proxy.corp:3128", " .internal.corp, *.svc.local,10.0.0.7:8443,");
    assertThat(proxy.host()).isEqualTo("proxy.corp");
    assertThat(proxy.port()).isEqualTo(3128);
    assertThat(proxy.carries(URI.create("https://api.openai.com/v1"))).isTrue();
    assertThat(proxy.carries(URI.create("https://internal.corp/v1"))).isFalse();
    assertThat(proxy.carries(URI.create("https://llm.INTERNAL.corp/v1"))).isFalse();
    assertThat(proxy.carries(URI.create("https://notinternal.corp/v1"))).isTrue();
    assertThat(proxy.carries(URI.create("https://a.b.svc.local/v1"))).isFalse();
    assertThat(proxy.carries(URI.create("https://10.0.0.7:8443/v1"))).isFalse();
    assertThat(proxy.carries(URI.create("http://api.openai.com/v1"))).isFalse();
    assertThat(OutboundProxy.parse("http://p:8080", "*").carries(URI.create("https://x.y/")))
        .isFalse();
  }

  @Test
  void aProxyUrlThatCannotWorkIsRefusedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> OutboundProxy.parse("https://u:hunter2@proxy:443", ""))
        .hasMessageStartingWith("the proxy URL must start with http://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> OutboundProxy.parse("http://u:hunter2@", ""))
        .hasMessageNotContaining("hunter2");
    OutboundProxy withUser = OutboundProxy.parse("http://u:hunter2%40x@proxy:3128", "");
    assertThat(withUser.authorization()).hasValue("Basic dTpodW50ZXIyQHg="); // u:hunter2@x
    assertThat(withUser).hasToString("proxy:3128");
  }
}
