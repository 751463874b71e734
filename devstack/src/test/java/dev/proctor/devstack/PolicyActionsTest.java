package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.RecordLevel;
import dev.proctor.format.Transcript;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a rule's actions do to a call: its record level (metadata keeps no bodies, off keeps
 * nothing) and its masking, which overrides the gateway's.
 */
class PolicyActionsTest {
  @TempDir static Path dir;
  static DevStack stack;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("policy.yaml"),
        """
        rules:
          - name: alice-metadata-unmasked
            match: {subject: alice}
            record: metadata
            masking: {request: off, response: off}
          - name: bob-unrecorded
            match: {subject: bob}
            record: "off"
        """);
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void metadataKeepsNoBodiesOffKeepsNothingAndTheRuleMaskingWins() throws Exception {
    String aws = "AKIAQWERTYUIOPASDF23";
    Approvals.Answer alice =
        Approvals.call(stack.gateway().port(), stack.idp().token("alice", 600), "sim-openai", null);
    assertThat(alice.status()).isEqualTo(200);
    Approvals.Answer echoed = chat(stack.idp().token("alice", 600), "use AWS_ACCESS_KEY_ID=" + aws);
    assertThat(echoed.body().at("/choices/0/message/content").asText())
        .as("masking off for this rule: the upstream got the key")
        .contains(aws);
    assertThat(
            Approvals.call(
                    stack.gateway().port(), stack.idp().token("bob", 600), "sim-openai", null)
                .status())
        .isEqualTo(200);

    Recordings.awaitCompleted(stack, "openai.chat", 3);
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    var s3 = stack.info().s3();
    List<Recordings.Session> sessions =
        Recordings.sync(
            dir.resolve("index"), URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey());

    assertThat(sessions).hasSize(1);
    Transcript transcript = sessions.getFirst().transcript();
    assertThat(transcript.open().orElseThrow().rule()).isEqualTo("alice-metadata-unmasked");
    assertThat(transcript.open().orElseThrow().recordLevel()).isEqualTo(RecordLevel.METADATA);
    assertThat(transcript.exchanges()).hasSize(2);
    assertThat(transcript.exchanges())
        .allSatisfy(
            x -> {
              assertThat(x.request().body()).isEmpty();
              assertThat(x.chunks()).isEmpty();
              assertThat(x.end().orElseThrow().responseBody()).isEmpty();
              assertThat(x.end().orElseThrow().bytesOut()).isPositive();
            });
    assertThat(MaskingTest.readAll(dir)).doesNotContain(aws);
  }

  private static Approvals.Answer chat(String token, String prompt) throws Exception {
    var response =
        Approvals.HTTP.send(
            java.net.http.HttpRequest.newBuilder(
                    URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/chat/completions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\""
                            + prompt
                            + "\"}]}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    return new Approvals.Answer(
        response.statusCode(), dev.proctor.format.Json.mapper().readTree(response.body()));
  }
}
