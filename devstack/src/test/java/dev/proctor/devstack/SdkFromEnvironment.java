package dev.proctor.devstack;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * An official SDK configured only from the environment, as a user's tool would be: {@code openai}
 * or {@code anthropic}, then the prompt. Prints the answer's text. Run as a child process by {@link
 * ClientDocsTest}, which sets the variables from docs/clients.md.
 */
public final class SdkFromEnvironment {
  private SdkFromEnvironment() {}

  public static void main(String[] args) {
    String prompt = args[1];
    if (args[0].equals("openai")) {
      OpenAIClient client = OpenAIOkHttpClient.fromEnv();
      System.out.println(
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("sim-1")
                      .addUserMessage(prompt)
                      .build())
              .choices()
              .getFirst()
              .message()
              .content()
              .orElseThrow());
      client.close();
    } else {
      AnthropicClient client = AnthropicOkHttpClient.fromEnv();
      System.out.println(
          client
              .messages()
              .create(
                  MessageCreateParams.builder()
                      .model("claude-sim")
                      .maxTokens(200)
                      .addUserMessage(prompt)
                      .build())
              .content()
              .getFirst()
              .text()
              .orElseThrow()
              .text());
      client.close();
    }
  }
}
