package dev.proctor.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.format.ApiKind;
import org.junit.jupiter.api.Test;

class ApiFamilyTest {
  @Test
  void pathsMapToApiKinds() {
    assertThat(ApiFamily.OPENAI.kindOf("/v1/chat/completions")).isEqualTo(ApiKind.OPENAI_CHAT);
    assertThat(ApiFamily.OPENAI.kindOf("/chat/completions")).isEqualTo(ApiKind.OPENAI_CHAT);
    assertThat(ApiFamily.OPENAI.kindOf("/v1/completions")).isEqualTo(ApiKind.OPENAI_COMPLETIONS);
    assertThat(ApiFamily.OPENAI.kindOf("/v1/responses")).isEqualTo(ApiKind.OPENAI_RESPONSES);
    assertThat(ApiFamily.OPENAI.kindOf("/v1/models")).isEqualTo(ApiKind.RAW);
    assertThat(ApiFamily.ANTHROPIC.kindOf("/v1/messages")).isEqualTo(ApiKind.ANTHROPIC_MESSAGES);
    assertThat(ApiFamily.ANTHROPIC.kindOf("/v1/messages/count_tokens")).isEqualTo(ApiKind.RAW);
  }

  @Test
  void tokenCountingAndCompactionAreRawCallsThatCarryAConversation() {
    assertThat(ApiFamily.ANTHROPIC.carriesConversation("/v1/messages/count_tokens")).isTrue();
    assertThat(ApiFamily.OPENAI.carriesConversation("/v1/responses/input_tokens")).isTrue();
    assertThat(ApiFamily.OPENAI.carriesConversation("/v1/responses/compact/")).isTrue();
    assertThat(ApiFamily.OPENAI.kindOf("/v1/responses/compact")).isEqualTo(ApiKind.RAW);
    assertThat(ApiFamily.OPENAI.carriesConversation("/v1/embeddings"))
        .as("passed through as it streams in")
        .isFalse();
    assertThat(ApiFamily.OPENAI.carriesConversation("/v1/models")).isFalse();
    assertThat(ApiFamily.ANTHROPIC.carriesConversation("/v1/responses/compact")).isFalse();
  }

  @Test
  void errorsTakeEachApisOwnShape() {
    assertThat(ApiFamily.OPENAI.error(401, "No token.").toString())
        .isEqualTo(
            "{\"error\":{\"message\":\"No token.\",\"type\":\"authentication_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
    assertThat(ApiFamily.ANTHROPIC.error(403, "Ask bob.").toString())
        .isEqualTo(
            "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"Ask bob.\"}}");
  }

  @Test
  void unknownApiNameIsRejectedWithTheChoices() {
    assertThatThrownBy(() -> ApiFamily.of("gemini"))
        .hasMessage("api: gemini (expected: openai, anthropic or copilot)");
  }

  @Test
  void credentialsAndHopByHopHeadersNeverGoUpstream() {
    for (String h :
        new String[] {
          "Authorization",
          "x-api-key",
          "Cookie",
          "Connection",
          "Transfer-Encoding",
          "Host",
          "Content-Length",
          "Proxy-Authorization",
          "X-Proctor-Session",
          "Accept-Encoding"
        }) {
      assertThat(HeaderRules.forwardUpstream(h)).as(h).isFalse();
    }
    assertThat(HeaderRules.forwardUpstream("anthropic-version")).isTrue();
    assertThat(HeaderRules.recordRequest("Authorization")).isFalse();
    assertThat(HeaderRules.recordRequest("User-Agent")).isTrue();
  }

  @Test
  void aBodyTheGatewayReadGoesUpstreamDecodedSoItsContentEncodingStaysBehind() {
    assertThat(HeaderRules.forwardUpstreamWithReadBody("Content-Encoding")).isFalse();
    assertThat(HeaderRules.forwardUpstream("Content-Encoding")).as("a streamed body").isTrue();
    assertThat(HeaderRules.forwardUpstreamWithReadBody("anthropic-version")).isTrue();
    assertThat(HeaderRules.forwardUpstreamWithReadBody("Authorization")).isFalse();
    assertThat(HeaderRules.recordRequest("Content-Encoding")).isTrue();
  }
}
