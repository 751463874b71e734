package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.proctor.format.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codex tries the Responses API over a WebSocket first, and falls back to HTTP at once only when
 * the handshake is answered 426 (any other failure costs it retries and seconds). The gateway
 * relays the API over HTTP, where it checks and records each event, so it answers every upgrade
 * with 426 in the API's own error shape, before anything else and without going upstream.
 */
class WebSocketUpgradeTest {
  @TempDir static Path dir;
  static DevStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void aWebSocketHandshakeIsAnswered426SoTheClientFallsBackToHttp() throws Exception {
    URI responses =
        URI.create(
            stack.info().gateway().url().replace("http://", "ws://")
                + "/c/sim-openai/v1/responses");
    Throwable refused =
        catchThrowable(
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
                    .buildAsync(responses, new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS));

    assertThat(refused).isInstanceOf(java.util.concurrent.ExecutionException.class);
    assertThat(refused.getCause())
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> {
              assertThat(e.getResponse().statusCode()).isEqualTo(426);
              try {
                assertThat(
                        Json.mapper()
                            .readTree((String) e.getResponse().body())
                            .at("/error/message")
                            .asText())
                    .startsWith("This gateway relays the API over HTTP");
              } catch (java.io.IOException io) {
                throw new CompletionException(io);
              }
            });
  }
}
