package dev.proctor.devstack;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** The official SDKs pointed at the dev stack's gateway, as a developer configures them. */
final class SdkClients {
  private SdkClients() {}

  /** OpenAI's SDK on the stack's OpenAI connection, with an IdP token as its API key. */
  static OpenAIClient openAi(DevStack stack, String token) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(stack.info().connections().get(0).baseUrl())
        .apiKey(token)
        .build();
  }

  /** Anthropic's SDK on the stack's Anthropic connection, with an IdP token as its API key. */
  static AnthropicClient anthropic(DevStack stack, String token) {
    return AnthropicOkHttpClient.builder()
        .baseUrl(stack.info().connections().get(1).baseUrl())
        .apiKey(token)
        .build();
  }
}
