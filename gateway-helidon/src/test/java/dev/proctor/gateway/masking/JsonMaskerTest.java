package dev.proctor.gateway.masking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whole bodies: what goes on to the other side and what the recording keeps, when signed model
 * output (Anthropic's thinking blocks, which the provider checks on the next call) holds a secret.
 */
class JsonMaskerTest {
  private static final JsonMasker MASKER = EventStreamMaskerTest.MASKER;

  private final Random random = new Random(17);
  private final String thinkingSecret =
      "AKIA" + EventStreamMaskerTest.random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  private final String userSecret = EventStreamMaskerTest.githubToken(random);
  private final String thinking = "The fixture sets AWS_ACCESS_KEY_ID=" + thinkingSecret + ", so";

  @Test
  void aSecretOnlyInSignedThinkingSendsTheOriginalBytesAndRecordsItMasked() throws IOException {
    byte[] original = conversation("Please run the tests again.");
    JsonNode tree = Json.mapper().readTree(original);

    List<Finding> findings = MASKER.apply(tree, Finding.Direction.REQUEST, Finding.Action.MASKED);
    byte[] sent = MASKER.toSend(original, tree, findings);

    assertThat(sent).isSameAs(original);
    assertThat(findings)
        .extracting(Finding::rule, Finding::path, Finding::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "aws-access-key-id", "$.messages[1].content[0].thinking", Finding.Action.DETECTED));
    assertThat(tree.toString()).doesNotContain(thinkingSecret);
  }

  @Test
  void secretsElsewhereAreMaskedWhileSignedThinkingGoesOnAsTheModelWroteIt() throws IOException {
    byte[] original = conversation("My token is " + userSecret + ", use it.");
    JsonNode tree = Json.mapper().readTree(original);

    List<Finding> findings = MASKER.apply(tree, Finding.Direction.REQUEST, Finding.Action.MASKED);
    JsonNode sent = Json.mapper().readTree(MASKER.toSend(original, tree, findings));

    JsonNode before = Json.mapper().readTree(original);
    assertThat(sent.path("messages").path(1)).isEqualTo(before.path("messages").path(1));
    assertThat(sent.path("messages").path(2).path("content").path(0).path("text").asText())
        .startsWith("My token is [MASKED:github-pat:")
        .doesNotContain(userSecret);
    assertThat(findings)
        .extracting(Finding::path, Finding::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "$.messages[1].content[0].thinking", Finding.Action.DETECTED),
            org.assertj.core.groups.Tuple.tuple(
                "$.messages[2].content[0].text", Finding.Action.MASKED));
    assertThat(tree.toString()).doesNotContain(thinkingSecret).doesNotContain(userSecret);
  }

  @Test
  void withoutSignedOutputTheMaskedTreeGoesOn() throws IOException {
    byte[] original =
        ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"key "
                + userSecret
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    JsonNode tree = Json.mapper().readTree(original);

    List<Finding> findings = MASKER.apply(tree, Finding.Direction.REQUEST, Finding.Action.MASKED);

    assertThat(MASKER.toSend(original, tree, findings))
        .isEqualTo(Json.mapper().writeValueAsBytes(tree));
    assertThat(findings).extracting(Finding::action).containsExactly(Finding.Action.MASKED);
  }

  @Test
  void signedOutputIsThinkingAndRedactedThinkingBlocksOnly() throws IOException {
    assertThat(JsonMasker.isSignedOutput(json("{\"type\":\"thinking\",\"thinking\":\"x\"}")))
        .isTrue();
    assertThat(JsonMasker.isSignedOutput(json("{\"type\":\"redacted_thinking\",\"data\":\"x\"}")))
        .isTrue();
    assertThat(JsonMasker.isSignedOutput(json("{\"type\":\"text\",\"text\":\"thinking\"}")))
        .isFalse();
    assertThat(JsonMasker.isSignedOutput(json("{\"thinking\":\"x\"}"))).isFalse();
    assertThat(JsonMasker.isSignedOutput(json("\"thinking\""))).isFalse();
  }

  /**
   * A Claude Code-like turn: the user's ask, the assistant's signed thinking and tool call, then
   * the tool's result and the user's new text.
   */
  private byte[] conversation(String userText) throws IOException {
    var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    var body = f.objectNode().put("model", "claude-sonnet-4-5").put("max_tokens", 2048);
    body.set("thinking", f.objectNode().put("type", "enabled").put("budget_tokens", 1024));
    var messages = body.putArray("messages");
    messages.addObject().put("role", "user").put("content", "Why do the tests fail?");
    var assistant = messages.addObject().put("role", "assistant").putArray("content");
    assistant
        .addObject()
        .put("type", "thinking")
        .put("thinking", thinking)
        .put("signature", "EqQBCkgIBhABGAIiQL1kSignatureOverTheThinkingText+/==");
    assistant.addObject().put("type", "redacted_thinking").put("data", "EmwKAhgBEgy3vaultOpaque");
    assistant
        .addObject()
        .put("type", "tool_use")
        .put("id", "toolu_1")
        .put("name", "run")
        .set("input", f.objectNode().put("command", "mvn test"));
    var user = messages.addObject().put("role", "user").putArray("content");
    user.addObject().put("type", "text").put("text", userText);
    return Json.mapper().writeValueAsBytes(body);
  }

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }
}
