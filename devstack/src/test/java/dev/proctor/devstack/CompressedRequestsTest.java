package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdOutputStream;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.format.Transcript;
import dev.proctor.secrets.Checksum;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies sent compressed, as Codex and other agents send large ones: the gateway decodes
 * them, masks and records what they say, and sends them on decoded. The simulator echoes the prompt
 * it received, and it is a Helidon server that refuses a {@code Content-Encoding} it cannot decode,
 * so an echo shows that the upstream got the decoded, masked body without the header.
 */
class CompressedRequestsTest {
  @TempDir static Path dir;
  static DevStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  static final String AWS_KEY = "AKIAZ7Q2MDK4RTSLW3XF";

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("policy.yaml"),
        """
        rules:
          - name: carol-unmasked
            match: {subject: carol}
            masking: {request: off, response: off}
          - name: everyone
        """);
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void compressedPromptsAreDecodedMaskedForwardedAndRecordedAsText() throws Exception {
    for (String coding : List.of("gzip", "zstd")) {
      HttpResponse<String> openai =
          send(
              "/c/sim-openai/v1/chat/completions",
              coding,
              encode(coding, chat(coding + " prompt with " + AWS_KEY)));
      assertThat(openai.statusCode()).as(openai.body()).isEqualTo(200);
      assertThat(Json.mapper().readTree(openai.body()).at("/choices/0/message/content").asText())
          .matches("You said: " + coding + " prompt with \\[MASKED:aws-access-key-id:[0-9a-f]{8}]");
    }
    HttpResponse<String> anthropic =
        send(
            "/c/sim-anthropic/v1/messages",
            "gzip, zstd",
            zstd(gzip(anthropicMessage("twice compressed"))));
    assertThat(anthropic.statusCode()).as(anthropic.body()).isEqualTo(200);
    assertThat(anthropic.body()).contains("You said: twice compressed");

    List<Transcript.Exchange> exchanges = Recordings.synced(stack, dir.resolve("index-prompts"));
    Map<String, String> promptByCoding =
        exchanges.stream()
            .filter(e -> e.request().headers().containsKey("content-encoding"))
            .collect(
                Collectors.toMap(
                    e -> e.request().headers().get("content-encoding"),
                    Transcript.Exchange::prompt));
    assertThat(promptByCoding.keySet()).containsExactlyInAnyOrder("gzip", "zstd", "gzip, zstd");
    assertThat(promptByCoding.get("gzip"))
        .matches("gzip prompt with \\[MASKED:aws-access-key-id:[0-9a-f]{8}]");
    assertThat(promptByCoding.get("gzip, zstd")).isEqualTo("twice compressed");
    assertThat(exchanges)
        .allSatisfy(
            e -> assertThat(e.request().findings()).hasSize(e.prompt().contains("MASKED") ? 1 : 0));
  }

  @Test
  void answersCompressedUnaskedAreDecodedMaskedAndRecordedWholeOrStreamed() throws Exception {
    String entropy = "k3Jq9ZpLw2XvB7nR4tYc8HmF1sDgA6";
    String githubToken = "ghp_" + entropy + Checksum.crc32Base62(entropy);
    String reply = "Use " + githubToken + " for CI.";
    for (boolean stream : List.of(false, true)) {
      HttpResponse<String> answer = askForAnswerIn("gzip", reply, stream);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("content-encoding")).as("stream " + stream).isEmpty();
      assertThat(answer.body()).doesNotContain(githubToken).contains("[MASKED:github-pat:");
      if (stream) {
        assertThat(answer.body()).endsWith("data: [DONE]\n\n");
      } else {
        assertThat(Json.mapper().readTree(answer.body()).at("/choices/0/message/content").asText())
            .matches("Use \\[MASKED:github-pat:[0-9a-f]{8}] for CI\\.");
      }
    }

    for (boolean stream : List.of(false, true)) {
      HttpResponse<String> unreadable = askForAnswerIn("compress", reply, stream);
      assertThat(unreadable.statusCode()).as("stream " + stream).isEqualTo(502);
      assertThat(unreadable.body()).doesNotContain(githubToken);
      assertThat(Json.mapper().readTree(unreadable.body()).at("/error/message").asText())
          .isEqualTo(
              "The upstream's answer came compressed as 'compress', which the gateway cannot"
                  + " decode to inspect it for secrets.");
    }

    // Unmasked, the answer is still parsed and recorded, so it is still decoded.
    HttpResponse<String> unmasked = askForAnswerIn("carol", "gzip", "Nothing secret here.", false);
    assertThat(unmasked.headers().firstValue("content-encoding")).isEmpty();
    assertThat(Json.mapper().readTree(unmasked.body()).at("/choices/0/message/content").asText())
        .isEqualTo("Nothing secret here.");

    List<Transcript.Exchange> synced = Recordings.synced(stack, dir.resolve("index-answers"));
    assertThat(synced).filteredOn(e -> e.responseText().equals("Nothing secret here.")).hasSize(1);
    List<Transcript.Exchange> answered =
        synced.stream()
            .filter(e -> e.prompt().equals("token?"))
            .filter(e -> !e.responseText().equals("Nothing secret here."))
            .toList();
    assertThat(answered).hasSize(4);
    Map<Boolean, List<Transcript.Exchange>> byCompletion =
        answered.stream()
            .collect(
                Collectors.partitioningBy(
                    e -> e.end().orElseThrow().outcome() == Outcome.COMPLETED));
    assertThat(byCompletion.get(true))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.responseText())
                  .matches("Use \\[MASKED:github-pat:[0-9a-f]{8}] for CI\\.");
              assertThat(e.response().orElseThrow().headers())
                  .as("the recording says how the answer came")
                  .containsEntry("content-encoding", "gzip");
            });
    assertThat(byCompletion.get(false))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.end().orElseThrow().outcome()).isEqualTo(Outcome.UPSTREAM_ERROR);
              assertThat(e.end().orElseThrow().detail())
                  .contains(
                      "the answer came in Content-Encoding 'compress', which the gateway cannot"
                          + " decode");
              assertThat(e.responseText()).isEmpty();
            });
  }

  private static HttpResponse<String> askForAnswerIn(String coding, String reply, boolean stream)
      throws Exception {
    return askForAnswerIn("alice", coding, reply, stream);
  }

  private static HttpResponse<String> askForAnswerIn(
      String user, String coding, String reply, boolean stream) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + stack.idp().token(user, 300))
            .header("Content-Type", "application/json")
            .header("X-Proctor-Session", "compressed-answers")
            .header("x-sim-content-encoding", coding)
            .header("x-sim-chunk-chars", "4")
            .header("x-sim-reply", reply)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"stream\":"
                        + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"token?\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bodiesTheGatewayCannotReadAreRefusedInTheApisOwnShapeAndNotForwarded() throws Exception {
    HttpResponse<String> unknown =
        send("/c/sim-openai/v1/chat/completions", "compress", chat("hello"));
    assertThat(unknown.statusCode()).isEqualTo(415);
    JsonNode error = Json.mapper().readTree(unknown.body()).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText())
        .isEqualTo(
            "The gateway reads every request body to check it for secrets and to record it, and"
                + " cannot decode Content-Encoding 'compress'. Send the body uncompressed, or"
                + " compressed with gzip, deflate, br or zstd.");

    HttpResponse<String> notGzip =
        send("/c/sim-anthropic/v1/messages", "gzip", anthropicMessage("plain after all"));
    assertThat(notGzip.statusCode()).isEqualTo(400);
    JsonNode anthropicError = Json.mapper().readTree(notGzip.body());
    assertThat(anthropicError.path("type").asText()).isEqualTo("error");
    assertThat(anthropicError.at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(anthropicError.at("/error/message").asText())
        .isEqualTo(
            "The request body could not be decoded as gzip (Content-Encoding: gzip): Not in GZIP"
                + " format");

    HttpResponse<String> bomb =
        send("/c/sim-anthropic/v1/messages", "gzip", gzip(new byte[33 * 1024 * 1024]));
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(Json.mapper().readTree(bomb.body()).at("/error/type").asText())
        .isEqualTo("request_too_large");

    assertThat(metrics())
        .contains("proctor_rejected_total{connection=\"sim-openai\",status=\"415\"} 1")
        .contains("proctor_rejected_total{connection=\"sim-anthropic\",status=\"400\"} 1")
        .contains("proctor_rejected_total{connection=\"sim-anthropic\",status=\"413\"} 1");
  }

  private static HttpResponse<String> send(String path, String contentEncoding, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.info().gateway().url() + path))
            .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
            .header("Content-Type", "application/json")
            .header("Content-Encoding", contentEncoding)
            .header("X-Proctor-Session", "compressed")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.info().gateway().adminUrl() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static byte[] chat(String prompt) {
    return ("{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] anthropicMessage(String prompt) {
    return ("{\"model\":\"sim-1\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encode(String coding, byte[] body) throws IOException {
    return coding.equals("gzip") ? gzip(body) : zstd(body);
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }

  private static byte[] zstd(byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }
}
