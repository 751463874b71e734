package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Copilot connection: the gateway exchanges its GitHub token for a short-lived Copilot token,
 * reuses it across calls, renews it before it expires, and adds Copilot's required headers.
 */
class CopilotTest {
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
  void copilotTokenIsExchangedOnceReusedAndRenewedBeforeItExpires() throws Exception {
    // 63 s tokens with a 60 s renewal margin: due for renewal 3 s after issue.
    stack.simulator().copilotTokenTtl(Duration.ofSeconds(63));
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(stack.info().gateway().url() + "/c/sim-copilot")
            .apiKey(stack.idp().token("alice", 600))
            .build();

    for (int i = 0; i < 3; i++) {
      assertThat(ask(client, "copilot call " + i)).isEqualTo("You said: copilot call " + i);
    }
    assertThat(stack.simulator().copilotExchanges()).isEqualTo(1);

    Thread.sleep(3_200);
    assertThat(ask(client, "after renewal")).isEqualTo("You said: after renewal");
    assertThat(stack.simulator().copilotExchanges()).isEqualTo(2);
  }

  private static String ask(OpenAIClient client, String prompt) {
    return client
        .chat()
        .completions()
        .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).build())
        .choices()
        .getFirst()
        .message()
        .content()
        .orElseThrow();
  }
}
