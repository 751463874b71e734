package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.proctor.format.Transcript;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI and Anthropic Java SDKs through the gateway, streaming and not, tool use
 * included, on OpenAI's chat completions and Responses APIs and Anthropic's messages; then every
 * recorded exchange reassembles to exactly the text its client received.
 */
class SdkClientsTest {
  @TempDir static Path dir;
  static DevStack stack;
  static OpenAIClient openai;
  static AnthropicClient anthropic;

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
  void everyCallCompletesAndItsRecordingMatchesWhatTheClientReceived() throws Exception {
    Map<String, String> received = new LinkedHashMap<>();

    received.put("openai plain alpha", openAiText("openai plain alpha", false));
    received.put(
        "openai stream bravo ünïcødé ✓", openAiText("openai stream bravo ünïcødé ✓", true));
    received.put("openai tool charlie", openAiToolArguments("openai tool charlie"));
    received.put("responses plain golf", openAiResponseText("responses plain golf", false));
    received.put("responses stream hotel ✓", openAiResponseText("responses stream hotel ✓", true));
    received.put("responses tool india", openAiResponseToolArguments("responses tool india"));
    received.put("anthropic plain delta", anthropicText("anthropic plain delta", false));
    received.put("anthropic stream echo 日本語", anthropicText("anthropic stream echo 日本語", true));
    received.put("anthropic tool foxtrot", anthropicToolJson("anthropic tool foxtrot"));

    assertThat(received.get("openai plain alpha")).isEqualTo("You said: openai plain alpha");
    assertThat(received.get("anthropic stream echo 日本語"))
        .isEqualTo("You said: anthropic stream echo 日本語");
    assertThat(received.get("openai tool charlie"))
        .isEqualTo("{\"query\":\"openai tool charlie\"}");
    assertThat(received.get("responses plain golf")).isEqualTo("You said: responses plain golf");
    assertThat(received.get("responses stream hotel ✓"))
        .isEqualTo("You said: responses stream hotel ✓");
    assertThat(received.get("responses tool india"))
        .isEqualTo("{\"query\":\"responses tool india\"}");
    assertThat(received.get("anthropic tool foxtrot"))
        .isEqualTo("{\"query\":\"anthropic tool foxtrot\"}");

    Map<String, String> recorded = recordedResponses();
    assertThat(recorded).containsExactlyInAnyOrderEntriesOf(received);
  }

  private static String openAiText(String prompt, boolean stream) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("sim-1").addUserMessage(prompt).build();
    if (!stream) {
      ChatCompletion completion = openai.chat().completions().create(params);
      return completion.choices().getFirst().message().content().orElseThrow();
    }
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> chunks =
        openai.chat().completions().createStreaming(params)) {
      chunks.stream()
          .forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    }
    return text.toString();
  }

  private static String openAiToolArguments(String prompt) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("sim-1")
            .addUserMessage(prompt)
            .addTool(
                ChatCompletionFunctionTool.builder()
                    .function(FunctionDefinition.builder().name("grep").build())
                    .build())
            .build();
    StringBuilder arguments = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> chunks =
        openai.chat().completions().createStreaming(params)) {
      chunks.stream()
          .forEach(
              c ->
                  c.choices()
                      .forEach(
                          ch ->
                              ch.delta()
                                  .toolCalls()
                                  .ifPresent(
                                      calls ->
                                          calls.forEach(
                                              call ->
                                                  call.function()
                                                      .flatMap(f -> f.arguments())
                                                      .ifPresent(arguments::append)))));
    }
    return arguments.toString();
  }

  /**
   * A Responses API call as Codex makes it: a list of input items, instructions first, and a
   * reasoning summary asked for, which streams before the answer and is not part of its text.
   */
  private static String openAiResponseText(String prompt, boolean stream) {
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model("sim-1")
            .reasoning(
                Reasoning.builder()
                    .effort(ReasoningEffort.MEDIUM)
                    .summary(Reasoning.Summary.AUTO)
                    .build())
            .inputOfResponse(
                List.of(
                    ResponseInputItem.ofEasyInputMessage(
                        EasyInputMessage.builder()
                            .role(EasyInputMessage.Role.DEVELOPER)
                            .content("Answer briefly.")
                            .build()),
                    ResponseInputItem.ofEasyInputMessage(
                        EasyInputMessage.builder()
                            .role(EasyInputMessage.Role.USER)
                            .content(prompt)
                            .build())))
            .build();
    StringBuilder text = new StringBuilder();
    StringBuilder summary = new StringBuilder();
    if (!stream) {
      Response response = openai.responses().create(params);
      response
          .output()
          .forEach(
              item ->
                  item.reasoning()
                      .ifPresent(r -> r.summary().forEach(p -> summary.append(p.text()))));
      assertThat(summary).as("the reasoning summary of %s", prompt).isNotEmpty();
      response
          .output()
          .forEach(
              item ->
                  item.message()
                      .ifPresent(
                          m ->
                              m.content()
                                  .forEach(
                                      c -> c.outputText().ifPresent(t -> text.append(t.text())))));
      return text.toString();
    }
    try (StreamResponse<ResponseStreamEvent> events = openai.responses().createStreaming(params)) {
      events.stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.reasoningSummaryTextDelta().ifPresent(d -> summary.append(d.delta()));
              });
    }
    assertThat(summary).as("the reasoning summary of %s", prompt).isNotEmpty();
    return text.toString();
  }

  private static String openAiResponseToolArguments(String prompt) {
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model("sim-1")
            .input(prompt)
            .addTool(
                FunctionTool.builder()
                    .name("grep")
                    .parameters(FunctionTool.Parameters.builder().build())
                    .strict(false)
                    .build())
            .build();
    StringBuilder arguments = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> events = openai.responses().createStreaming(params)) {
      events.stream()
          .forEach(e -> e.functionCallArgumentsDelta().ifPresent(d -> arguments.append(d.delta())));
    }
    return arguments.toString();
  }

  private static String anthropicText(String prompt, boolean stream) {
    MessageCreateParams params =
        MessageCreateParams.builder().model("sim-1").maxTokens(200).addUserMessage(prompt).build();
    if (!stream) {
      Message message = anthropic.messages().create(params);
      return message.content().getFirst().text().orElseThrow().text();
    }
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

  private static String anthropicToolJson(String prompt) {
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model("sim-1")
            .maxTokens(200)
            .addUserMessage(prompt)
            .addTool(
                Tool.builder().name("grep").inputSchema(Tool.InputSchema.builder().build()).build())
            .build();
    StringBuilder json = new StringBuilder();
    try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> events =
        anthropic.messages().createStreaming(params)) {
      events.stream()
          .forEach(
              e ->
                  e.contentBlockDelta()
                      .flatMap(d -> d.delta().inputJson())
                      .ifPresent(j -> json.append(j.partialJson())));
    }
    return json.toString();
  }

  /** Closes the sessions, syncs the bucket and maps each exchange's prompt to its recorded text. */
  private static Map<String, String> recordedResponses() throws Exception {
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    var s3 = stack.info().s3();
    Map<String, String> recorded = new LinkedHashMap<>();
    for (Transcript.Exchange x :
        Recordings.verifiedExchanges(
            Recordings.sync(
                dir.resolve("index"), URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey()))) {
      recorded.put(x.prompt(), x.responseText());
    }
    return recorded;
  }
}
