package dev.proctor.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.gateway.upstream.OutboundProxy;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbound proxy comes from the config, or else from the environment as other tools read it.
 */
class UpstreamProxyConfigTest {
  private static final String BASE =
      """
      proctor:
        identity:
          issuers:
            - issuer: https://idp.example.com
        recording:
          s3:
            bucket: b
      """;

  private static GatewayConfig read(String extra, Map<String, String> env) {
    return GatewayConfig.from(
        Config.just(
            ConfigSources.create(
                BASE + extra, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)),
        env);
  }

  @Test
  void withNeitherConfigNorEnvironmentEveryUpstreamIsReachedDirectly() {
    assertThat(read("", Map.of()).upstreamProxy()).isEmpty();
    assertThat(read("", Map.of("HTTPS_PROXY", "")).upstreamProxy()).isEmpty();
  }

  @Test
  void theEnvironmentIsReadInEitherCase() {
    OutboundProxy proxy =
        read("", Map.of("https_proxy", "http://proxy.corp:3128", "NO_PROXY", "internal.corp"))
            .upstreamProxy()
            .orElseThrow();
    assertThat(proxy).hasToString("proxy.corp:3128");
    assertThat(proxy.carries(URI.create("https://api.anthropic.com/v1/messages"))).isTrue();
    assertThat(proxy.carries(URI.create("https://llm.internal.corp/v1/chat"))).isFalse();
  }

  @Test
  void theConfigWinsOverTheEnvironment() {
    OutboundProxy proxy =
        read(
                "  upstream-proxy: http://egress:8080\n  no-proxy: example.com\n",
                Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", "*"))
            .upstreamProxy()
            .orElseThrow();
    assertThat(proxy).hasToString("egress:8080");
    assertThat(proxy.carries(URI.create("https://api.openai.com/v1"))).isTrue();
    assertThat(proxy.carries(URI.create("https://api.example.com/v1"))).isFalse();
  }

  @Test
  void aProxyUrlThatCannotWorkIsRefusedAtStartNamingTheSetting() {
    assertThatThrownBy(
            () -> read("", Map.of("HTTPS_PROXY", "https://user:hunter2@proxy.corp:3128")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("proctor.upstream-proxy (or HTTPS_PROXY): the proxy URL must")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void theJdkClientsAreSentTheSameWayWithoutCredentials() {
    OutboundProxy proxy = OutboundProxy.parse("http://u:p@proxy.corp:3128", "idp.corp");
    assertThat(proxy.selector().select(URI.create("https://api.github.com/copilot_internal")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(Proxy.Type.HTTP);
              assertThat(p.address()).hasToString("proxy.corp/<unresolved>:3128");
            });
    assertThat(proxy.selector().select(URI.create("https://idp.corp/.well-known/jwks.json")))
        .containsExactly(Proxy.NO_PROXY);
  }
}
