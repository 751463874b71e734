package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claude Code's extended thinking through the gateway, with the official Anthropic SDK. The
 * provider signs each thinking block and refuses a conversation that sends one back altered (the
 * simulator does the same), so a thinking block reaches the client as the model wrote it even when
 * its text holds a secret, and the tool-use loop goes on. The recording keeps the thinking masked,
 * with a finding marked detected, while a secret in the visible answer is still masked for the
 * client.
 */
class ThinkingBlocksTest {
  @TempDir static Path dir;
  static DevStack stack;
  static AnthropicClient anthropic;

  /** An AWS key id shape, as a model writes one into a test fixture it is reasoning about. */
  static final String KEY = "AKIAZ7QW3MX4R2T5VKPN";

  static final String THINKING =
      "The fixture exports AWS_ACCESS_KEY_ID=" + KEY + ", so the suite needs the grep tool first.";

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")));
    anthropic = SdkClients.anthropic(stack, stack.idp().token("alice", 600));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void aToolUseLoopGoesOnWhenSignedThinkingHoldsASecret() throws Exception {
    for (boolean stream : new boolean[] {false, true}) {
      MessageCreateParams first =
          MessageCreateParams.builder()
              .model("sim-1")
              .maxTokens(2048)
              .enabledThinking(1024)
              .addTool(
                  Tool.builder()
                      .name("grep")
                      .inputSchema(Tool.InputSchema.builder().build())
                      .build())
              .addUserMessage("Why do the tests fail? (stream=" + stream + ")")
              .putAdditionalHeader("x-sim-thinking", THINKING)
              .build();
      Message answer = stream ? streamed(first) : anthropic.messages().create(first);

      ToolUseBlock call = answer.content().get(1).toolUse().orElseThrow();

      MessageCreateParams second =
          first.toBuilder()
              .addMessage(answer)
              .addUserMessageOfContentBlockParams(
                  List.of(
                      ContentBlockParam.ofToolResult(
                          ToolResultBlockParam.builder()
                              .toolUseId(call.id())
                              .content("2 tests failed")
                              .build())))
              .build();
      // the session breaks here when the thinking came altered: the provider refuses the call
      Message next = stream ? streamed(second) : anthropic.messages().create(second);

      ThinkingBlock thinking = answer.content().get(0).thinking().orElseThrow();
      assertThat(thinking.thinking()).as("stream=%s", stream).isEqualTo(THINKING);
      assertThat(next.content())
          .as("stream=%s", stream)
          .anySatisfy(block -> assertThat(block.text()).isPresent());
    }

    Recordings.awaitCompleted(stack, "anthropic.messages", 4);
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    String everything = MaskingTest.readAll(dir);
    assertThat(everything)
        .doesNotContain(KEY)
        .contains("AWS_ACCESS_KEY_ID=[MASKED:aws-access-key-id:")
        .contains("\"rule\":\"aws-access-key-id\",\"direction\":\"response\"")
        .contains("\"rule\":\"aws-access-key-id\",\"direction\":\"request\"")
        .contains("\"action\":\"detected\"");
  }

  @Test
  void aSecretInTheVisibleAnswerIsStillMaskedBesideSignedThinking() {
    String token = "AKIAQ4MZ7XW2R5T3VNPK";
    MessageCreateParams params =
        MessageCreateParams.builder()
            .model("sim-1")
            .maxTokens(2048)
            .enabledThinking(1024)
            .addUserMessage("Which key?")
            .putAdditionalHeader("x-sim-thinking", THINKING)
            .putAdditionalHeader("x-sim-reply", "Use AWS_ACCESS_KEY_ID=" + token + " in CI.")
            .build();

    for (Message answer : List.of(anthropic.messages().create(params), streamed(params))) {
      assertThat(answer.content().get(0).thinking().orElseThrow().thinking()).isEqualTo(THINKING);
      assertThat(answer.content().get(1).text().orElseThrow().text())
          .startsWith("Use AWS_ACCESS_KEY_ID=[MASKED:aws-access-key-id:")
          .doesNotContain(token);
    }
  }

  private static Message streamed(MessageCreateParams params) {
    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> events =
        anthropic.messages().createStreaming(params)) {
      events.stream().forEach(accumulator::accumulate);
    }
    return accumulator.message();
  }
}
