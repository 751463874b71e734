package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.secrets.Checksum;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed answers carrying secrets, through the gateway to the official SDKs and to a plain SSE
 * reader, at several chunkings down to one character per event: each client reassembles exactly
 * what the same answer gives unstreamed (masked whole), and the recording holds that text, never
 * the secret.
 */
class StreamingMaskingTest {
  @TempDir static Path dir;
  static DevStack stack;
  static OpenAIClient openai;
  static AnthropicClient anthropic;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")));
    String token = stack.idp().token("alice", 600);
    openai = SdkClients.openAi(stack, token);
    anthropic = SdkClients.anthropic(stack, token);
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void everyClientReassemblesTheWholeTextMaskingAndTheRecordingHoldsNoSecret() throws Exception {
    Random random = new Random(8);
    String aws = "AKIA" + random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    String entropy = random(random, ALNUM, 30);
    String github = "ghp_" + entropy + Checksum.crc32Base62(entropy);
    String password = random(random, ALNUM, 18);
    String reply =
        "Export AWS_ACCESS_KEY_ID="
            + aws
            + ", push with "
            + github
            + " and connect to postgres://app:"
            + password
            + "@db:5432/app today.";

    List<String> secrets = List.of(aws, github, password);
    String whole = openAi("whole", reply, false, 0);
    assertThat(whole)
        .matches(
            "Export AWS_ACCESS_KEY_ID=\\[MASKED:aws-access-key-id:[0-9a-f]{8}], push with"
                + " \\[MASKED:github-pat:[0-9a-f]{8}] and connect to"
                + " postgres://app:\\[MASKED:connection-string-password:[0-9a-f]{8}]@db:5432/app"
                + " today\\.");

    Map<String, String> received = new LinkedHashMap<>();
    for (int chars : new int[] {1, 3, 7}) {
      received.put("openai " + chars, openAi("openai " + chars, reply, true, chars));
      received.put("anthropic " + chars, anthropic("anthropic " + chars, reply, chars));
      received.put("legacy " + chars, legacyCompletion("legacy " + chars, reply, chars));
      received.put(
          "responses " + chars, responses("responses " + chars, reply, chars, whole, secrets));
    }
    assertThat(received).allSatisfy((prompt, text) -> assertThat(text).isEqualTo(whole));

    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    var s3 = stack.info().s3();
    List<Transcript.Exchange> exchanges =
        Recordings.verifiedExchanges(
            Recordings.sync(
                dir.resolve("index"), URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey()));
    Map<String, String> recorded = new LinkedHashMap<>();
    exchanges.forEach(x -> recorded.put(x.prompt(), x.responseText()));
    assertThat(recorded).containsAllEntriesOf(received);
    String everything = MaskingTest.readAll(dir);
    assertThat(everything)
        .doesNotContain(aws)
        .doesNotContain(github)
        .doesNotContain(password)
        .doesNotContain(github.substring(0, 8 + 4));
  }

  private static String openAi(String prompt, String reply, boolean stream, int chars) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder()
            .model("sim-1")
            .addUserMessage(prompt)
            .putAdditionalHeader("x-sim-reply", reply)
            .putAdditionalHeader("x-sim-delay-ms", "0");
    if (chars > 0) {
      params.putAdditionalHeader("x-sim-chunk-chars", Integer.toString(chars));
    }
    if (!stream) {
      return openai
          .chat()
          .completions()
          .create(params.build())
          .choices()
          .getFirst()
          .message()
          .content()
          .orElseThrow();
    }
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> chunks =
        openai.chat().completions().createStreaming(params.build())) {
      chunks.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    return text.toString();
  }

  private static String anthropic(String prompt, String reply, int chars) {
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model("sim-1")
            .maxTokens(200)
            .addUserMessage(prompt)
            .putAdditionalHeader("x-sim-reply", reply)
            .putAdditionalHeader("x-sim-delay-ms", "0")
            .putAdditionalHeader("x-sim-chunk-chars", Integer.toString(chars))
            .build();
    StringBuilder text = new StringBuilder();
    try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> events =
        anthropic.messages().createStreaming(params)) {
      events.stream()
          .forEach(
              e ->
                  e.contentBlockDelta()
                      .flatMap(d -> d.delta().text())
                      .ifPresent(t -> text.append(t.text())));
    }
    return text.toString();
  }

  /**
   * A streamed call on the OpenAI connection whose answer the simulator scripts as {@code reply},
   * {@code chars} characters per event; {@code prompt} is the body's prompt field.
   */
  private static HttpRequest streamedCall(String path, String reply, int chars, String prompt) {
    return HttpRequest.newBuilder(URI.create(stack.info().gateway().url() + "/c/sim-openai" + path))
        .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
        .header("Content-Type", "application/json")
        .header("x-sim-reply", reply)
        .header("x-sim-delay-ms", "0")
        .header("x-sim-chunk-chars", Integer.toString(chars))
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"sim-1\",\"stream\":true," + prompt + "}"))
        .build();
  }

  /** Copilot's inline suggestions: legacy completions, read as plain SSE. */
  private static String legacyCompletion(String prompt, String reply, int chars) throws Exception {
    HttpRequest request =
        streamedCall("/v1/completions", reply, chars, "\"prompt\":" + TextNode.valueOf(prompt));
    HttpResponse<java.util.stream.Stream<String>> response =
        http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    StringBuilder text = new StringBuilder();
    List<String> lines = new ArrayList<>(response.body().toList());
    for (String line : lines) {
      if (line.startsWith("data: {")) {
        JsonNode event = Json.mapper().readTree(line.substring(6));
        for (JsonNode choice : event.path("choices")) {
          text.append(choice.path("text").asText(""));
        }
      }
    }
    assertThat(lines).contains("data: [DONE]");
    return text.toString();
  }

  /**
   * Codex's API, read as plain SSE: the deltas reassemble to the text, and the events that repeat
   * the whole text (each part's and item's done event, the completed response) carry it masked the
   * same way; no event holds a secret.
   */
  private static String responses(
      String prompt, String reply, int chars, String whole, List<String> secrets) throws Exception {
    HttpRequest request =
        streamedCall("/v1/responses", reply, chars, "\"input\":" + TextNode.valueOf(prompt));
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    for (String secret : secrets) {
      assertThat(response.body()).doesNotContain(secret);
    }
    StringBuilder text = new StringBuilder();
    List<String> repeated = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.startsWith("data: {")) {
        continue;
      }
      JsonNode event = Json.mapper().readTree(line.substring(6));
      switch (event.path("type").asText()) {
        case "response.output_text.delta" -> text.append(event.path("delta").asText());
        case "response.output_text.done" -> repeated.add(event.path("text").asText());
        case "response.content_part.done" -> repeated.add(event.at("/part/text").asText());
        case "response.output_item.done" -> repeated.add(event.at("/item/content/0/text").asText());
        case "response.completed" ->
            repeated.add(event.at("/response/output/0/content/0/text").asText());
        default -> {}
      }
    }
    assertThat(repeated).as("the whole text, repeated").hasSize(4).containsOnly(whole);
    return text.toString();
  }

  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private static String random(Random r, String alphabet, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
