package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain HTTP through the gateway of a real dev stack. */
class DevStackSmokeTest {
  @TempDir static Path dir;
  static DevStack stack;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void tokenFromTheIdpOverHttpIsAcceptedAndTheCompletionComesBack() throws Exception {
    String token = DevToken.fetch(stack.info().idp().tokenEndpoint(), "alice");

    HttpResponse<String> response =
        chat(
            token,
            "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello gateway\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("You said: hello gateway");
  }

  @Test
  void streamedCompletionArrivesAsServerSentEvents() throws Exception {
    String token = stack.idp().token("alice", 300);

    HttpResponse<String> response =
        chat(
            token,
            "{\"model\":\"sim-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"stream me\"}]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.body()).contains("\"content\":\"stream \"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void missingTokenGets401InOpenAiShape() throws Exception {
    HttpResponse<String> response = chat(null, "{}");

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(body.at("/error/message").asText()).startsWith("No token was sent.");
  }

  private static HttpResponse<String> chat(String token, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(stack.info().connections().getFirst().baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
