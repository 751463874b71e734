package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.openai.client.OpenAIClient;
import com.openai.models.responses.CompactedResponse;
import com.openai.models.responses.ResponseCompactParams;
import com.openai.models.responses.inputtokens.InputTokenCountParams;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls an agent makes around a conversation that are not model calls carry the whole
 * conversation too: Claude Code counts tokens on every turn, and Codex compacts long Responses
 * conversations on the server. Their bodies are masked like the model call's, so a secret the model
 * call would not let out does not leave through them, and a policy judges them by their model as it
 * judges the model call. The official SDKs make the calls.
 */
class ConversationSideCallsTest {
  static final String AWS_KEY = "AKIAZ7Q2MDK4RTSLW3XF";

  @TempDir static Path dir;
  static DevStack stack;
  static OpenAIClient openai;
  static AnthropicClient anthropic;

  @BeforeAll
  static void start() throws Exception {
    // Only calls naming a sim model are allowed: a side call is judged by its model too.
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("policy.yaml"),
        """
        rules:
          - name: sim-models
            match: {model: "sim-*"}
        """);
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
    String token = stack.idp().token("alice", 600);
    openai = SdkClients.openAi(stack, token);
    anthropic = SdkClients.anthropic(stack, token);
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void tokenCountingAndCompactionSendTheConversationMaskedAndRecordWhatWentOut() throws Exception {
    long counted =
        anthropic
            .messages()
            .countTokens(
                MessageCountTokensParams.builder()
                    .model("sim-1")
                    .system("You deploy with AWS_ACCESS_KEY_ID=" + AWS_KEY)
                    .addUserMessage("count this")
                    .build())
            .inputTokens();
    long inputTokens =
        openai
            .responses()
            .inputTokens()
            .count(
                InputTokenCountParams.builder()
                    .model("sim-1")
                    .input("my key is AWS_ACCESS_KEY_ID=" + AWS_KEY)
                    .build())
            .inputTokens();
    CompactedResponse compacted =
        openai
            .responses()
            .compact(
                ResponseCompactParams.builder()
                    .model("sim-1")
                    .input("we used AWS_ACCESS_KEY_ID=" + AWS_KEY + " yesterday")
                    .build());
    assertThat(counted).isPositive();
    assertThat(inputTokens).isPositive();
    assertThat(compacted.output()).hasSize(1);

    HttpResponse<String> notJson =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            stack.info().connections().get(1).baseUrl()
                                + "/v1/messages/count_tokens"))
                    .header("x-api-key", stack.idp().token("alice", 600))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("count AWS_ACCESS_KEY_ID=" + AWS_KEY))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(notJson.body()).at("/error/message").asText())
        .startsWith("The request body is not valid JSON: ");

    ModelSimulator upstream = stack.simulator();
    for (String path :
        List.of(
            "/v1/messages/count_tokens", "/v1/responses/input_tokens", "/v1/responses/compact")) {
      assertThat(upstream.lastSideCallBody(path))
          .as(path)
          .hasValueSatisfying(
              body ->
                  assertThat(body).doesNotContain(AWS_KEY).contains("[MASKED:aws-access-key-id:"));
    }

    Map<String, Transcript.Exchange> byPath =
        Recordings.synced(stack, dir.resolve("index")).stream()
            .collect(Collectors.toMap(e -> e.request().path(), e -> e));
    assertThat(byPath.keySet())
        .containsExactlyInAnyOrder(
            "/v1/messages/count_tokens", "/v1/responses/input_tokens", "/v1/responses/compact");
    assertThat(byPath.values())
        .allSatisfy(
            e -> {
              assertThat(e.request().api()).isEqualTo(ApiKind.RAW);
              assertThat(e.request().model()).hasValue("sim-1");
              assertThat(e.request().findings())
                  .singleElement()
                  .satisfies(f -> assertThat(f.action()).isEqualTo(Finding.Action.MASKED));
              assertThat(e.request().body().orElseThrow().toString())
                  .contains("[MASKED:aws-access-key-id:");
            });
    assertThat(MaskingTest.readAll(dir)).doesNotContain(AWS_KEY);
  }
}
