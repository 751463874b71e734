package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain HTTP (and the SDKs, misconfigured) through the gateway of a real dev stack. */
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

  @Test
  void anthropicStreamWithTheTokenInXApiKeyReachesTheSimulatorWithTheGatewaysKey()
      throws Exception {
    HttpResponse<String> response =
        post(
            "/c/sim-anthropic/v1/messages",
            "x-api-key",
            stack.idp().token("alice", 300),
            "{\"model\":\"sim-1\",\"max_tokens\":50,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi claude\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .startsWith("event: message_start\n")
        .contains("\"text_delta\",\"text\":\"claude\"")
        .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  @Test
  void anthropicRequestOfferingToolsGetsAToolUseBlock() throws Exception {
    HttpResponse<String> response =
        post(
            "/c/sim-anthropic/v1/messages",
            "x-api-key",
            stack.idp().token("alice", 300),
            "{\"model\":\"sim-1\",\"max_tokens\":50,\"tools\":[{\"name\":\"grep\",\"input_schema\":{}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"find TODOs\"}]}");

    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(body.at("/content/0/input/query").asText()).isEqualTo("find TODOs");
    assertThat(body.at("/stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void legacyCompletionsStreamAndScriptedReplyPassThroughTheGateway() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/completions"))
            .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
            .header("x-sim-reply", "def add(a, b): return a + b")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"stream\":true,\"prompt\":\"def add\"}"))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"text\":\"def \"")
        .contains("\"text\":\"b\"")
        .endsWith("data: [DONE]\n\n");
  }

  @Test
  void forgedTokenGets401InAnthropicShapeOnAnAnthropicConnection() throws Exception {
    HttpResponse<String> response =
        post("/c/sim-anthropic/v1/messages", "x-api-key", "not.a.jwt", "{}");

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.at("/type").asText()).isEqualTo("error");
    assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
    assertThat(body.at("/error/message").asText()).startsWith("The token is not a signed JWT.");
  }

  @Test
  void malformedJsonGets400AndUnknownConnectionGets404() throws Exception {
    String token = stack.idp().token("alice", 300);
    HttpResponse<String> malformed =
        post(
            "/c/sim-openai/v1/chat/completions", "Authorization", "Bearer " + token, "{\"model\":");
    HttpResponse<String> unknown =
        post("/c/nope/v1/chat/completions", "Authorization", "Bearer " + token, "{}");

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(malformed.body()).at("/error/message").asText())
        .startsWith("The request body is not valid JSON");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(unknown.body()).at("/error/message").asText())
        .isEqualTo(
            "There is no connection named 'nope' on this gateway. Known connections: sim-anthropic, sim-copilot, sim-openai.");
  }

  @Test
  void sdksWhoseBaseUrlLacksTheConnectionAreToldWhereToPointIt() throws Exception {
    String token = stack.idp().token("alice", 300);
    String gateway = stack.info().gateway().url();
    OpenAIClient openAi =
        OpenAIOkHttpClient.builder().baseUrl(gateway + "/v1").apiKey(token).maxRetries(0).build();
    AnthropicClient anthropic =
        AnthropicOkHttpClient.builder().baseUrl(gateway).apiKey(token).maxRetries(0).build();

    com.openai.errors.NotFoundException openAiError =
        catchThrowableOfType(
            com.openai.errors.NotFoundException.class,
            () ->
                openAi
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("sim-1")
                            .addUserMessage("hello")
                            .build()));
    com.anthropic.errors.NotFoundException anthropicError =
        catchThrowableOfType(
            com.anthropic.errors.NotFoundException.class,
            () ->
                anthropic
                    .messages()
                    .create(
                        MessageCreateParams.builder()
                            .model("sim-1")
                            .maxTokens(10)
                            .addUserMessage("hello")
                            .build()));

    assertThat(openAiError.body().toString())
        .contains(
            "There is nothing at /v1/chat/completions on this gateway: calls go through a"
                + " connection, as /c/<connection>/v1/chat/completions.")
        .contains("Connections: sim-anthropic, sim-copilot, sim-openai.");
    assertThat(anthropicError.body().toString())
        .contains("There is nothing at /v1/messages on this gateway")
        .contains("type=not_found_error");

    HttpResponse<String> adminOnProxyPort =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(stack.info().gateway().url() + "/admin/v1/access-requests"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(adminOnProxyPort.statusCode()).isEqualTo(404);
    assertThat(Json.mapper().readTree(adminOnProxyPort.body()).at("/error/message").asText())
        .isEqualTo(
            "There is nothing at /admin/v1/access-requests on this port: the admin API and"
                + " /metrics listen on the gateway's admin port (proctor.admin-port, 8081 unless"
                + " set otherwise), not on the port clients call.");
  }

  @Test
  void clientThatHangsUpCancelsTheUpstreamStreamAndIsRecordedAsCancelled() throws Exception {
    long abortedBefore = stack.simulator().abortedStreams();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
            .header("x-sim-delay-ms", "200")
            .header("X-Proctor-Session", "hang-up")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"a long answer please with many many words in it to stream slowly\"}]}"))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (var body = new BufferedReader(new InputStreamReader(response.body()))) {
      assertThat(body.readLine()).startsWith("data: ");
    }

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (stack.simulator().abortedStreams() == abortedBefore && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(stack.simulator().abortedStreams())
        .as("upstream stream cancelled")
        .isEqualTo(abortedBefore + 1);
    assertThat(recordedOutcome("a long answer please with many many words in it to stream slowly"))
        .isEqualTo(Outcome.CLIENT_CANCELLED);
  }

  @Test
  void passThroughPathStreamsALargeBodyWholeAndRecordsItsSize() throws Exception {
    byte[] body =
        ("{\"model\":\"sim-embed\",\"input\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}").getBytes();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/embeddings"))
                .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
                .header("X-Proctor-Session", "embeddings")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(Json.mapper().readTree(response.body()).at("/usage/prompt_tokens").asLong())
        .isEqualTo(body.length);
    var exchange = recordedExchange(x -> x.request().path().equals("/v1/embeddings"));
    assertThat(exchange.request().api()).isEqualTo(dev.proctor.format.ApiKind.RAW);
    assertThat(exchange.request().body()).isEmpty();
    assertThat(exchange.end().orElseThrow().bytesIn()).isEqualTo(body.length);
  }

  @Test
  void upstreamErrorsPassThroughInTheApisOwnShapeAndAreRecorded() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(stack.info().gateway().url() + "/c/sim-anthropic/v1/messages"))
                .header("x-api-key", stack.idp().token("alice", 300))
                .header("x-sim-status", "529")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-1\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"overloaded?\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(529);
    assertThat(response.body())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"Simulated upstream error 529.\"}}");
    assertThat(recordedOutcome("overloaded?")).isEqualTo(Outcome.UPSTREAM_ERROR);
  }

  @Test
  void unwritableSpoolRefusesCallsWith503AndRecoversWithoutRestart() throws Exception {
    Path sessions = dir.resolve("spool").resolve("sessions");
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(10))).isTrue();
    Path parked = dir.resolve("sessions-parked");
    if (Files.exists(sessions)) {
      Files.move(sessions, parked);
    }
    Files.writeString(sessions, "not a directory"); // the spool can no longer take sessions
    try {
      HttpResponse<String> refused =
          chat(
              stack.idp().token("alice", 300),
              "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"record me\"}]}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(Json.mapper().readTree(refused.body()).at("/error/message").asText())
          .isEqualTo(
              "The gateway cannot record this call right now, and its policy requires recording. "
                  + "Try again shortly, or tell your platform team.");
    } finally {
      Files.delete(sessions);
      if (Files.exists(parked)) {
        Files.move(parked, sessions);
      }
    }
    HttpResponse<String> accepted =
        chat(
            stack.idp().token("alice", 300),
            "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"record me now\"}]}");
    assertThat(accepted.statusCode()).isEqualTo(200);
  }

  /**
   * Closes the open sessions, syncs the bucket and returns the outcome of the prompt's exchange.
   */
  private static Outcome recordedOutcome(String prompt) throws Exception {
    return recordedExchange(x -> x.prompt().equals(prompt)).end().orElseThrow().outcome();
  }

  /** Closes the open sessions, syncs the bucket and returns the first matching exchange. */
  private static dev.proctor.format.Transcript.Exchange recordedExchange(
      java.util.function.Predicate<dev.proctor.format.Transcript.Exchange> matches)
      throws Exception {
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(10))).isTrue();
    var s3 = stack.info().s3();
    for (Recordings.Session session :
        Recordings.sync(
            dir.resolve("data").resolve("index-" + System.nanoTime()),
            URI.create(s3.endpoint()),
            s3.accessKey(),
            s3.secretKey())) {
      for (var x : session.transcript().exchanges()) {
        if (matches.test(x)) {
          return x;
        }
      }
    }
    throw new AssertionError("no recorded exchange matches");
  }

  private static HttpResponse<String> post(String path, String header, String value, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.info().gateway().url() + path))
            .header(header, value)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
