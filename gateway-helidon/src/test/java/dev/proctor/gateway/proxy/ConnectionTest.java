package dev.proctor.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectionTest {
  @Test
  void theTargetJoinsTheUpstreamBasePathTheRestAndTheQuery() {
    assertThat(connection("https://api.example.com/v1").target("/chat/completions", ""))
        .isEqualTo(URI.create("https://api.example.com/v1/chat/completions"));
    assertThat(connection("https://api.example.com/v1//").target("/models", "limit=2&x=%20"))
        .isEqualTo(URI.create("https://api.example.com/v1/models?limit=2&x=%20"));
    assertThat(connection("http://127.0.0.1:8080/").target("/v1/messages", ""))
        .isEqualTo(URI.create("http://127.0.0.1:8080/v1/messages"));
  }

  private static Connection connection(String upstream) {
    return new Connection(
        "c",
        URI.create(upstream),
        ApiFamily.OPENAI,
        UpstreamCredential.of("Authorization", "Bearer ", Secret.literal("k")));
  }
}
