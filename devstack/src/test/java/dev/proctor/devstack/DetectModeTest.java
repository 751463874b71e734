package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.gateway.masking.MaskingPolicy;
import dev.proctor.secrets.Checksum;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking set to "detect": secrets reach the upstream and the client unchanged, the findings say
 * "detected", and still no raw secret is recorded anywhere.
 */
class DetectModeTest {
  @TempDir static Path dir;
  static DevStack stack;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack =
        DevStack.start(
            DevStack.Options.ephemeral(dir.resolve("stack")).withMasking(MaskingPolicy.DETECT));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void secretsPassButAreRecordedMaskedAsDetectedFindings() throws Exception {
    String aws = "AKIAQWERTYUIOPASDF23";
    String entropy = "k3Jq9ZpLw2XvB7nR4tYc8HmF1sDgA6";
    String github = "ghp_" + entropy + Checksum.crc32Base62(entropy);

    HttpResponse<String> echoed = chat("use AWS_ACCESS_KEY_ID=" + aws, false, null);
    assertThat(echoed.body()).contains("You said: use AWS_ACCESS_KEY_ID=" + aws);

    HttpResponse<String> streamed = chat("token?", true, "Use " + github + " for CI.");
    assertThat(streamed.body()).contains(github.substring(0, 20)); // a word per event

    Recordings.awaitCompleted(stack, "openai.chat", 2);
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    String everything = MaskingTest.readAll(dir);
    assertThat(everything).doesNotContain(aws).doesNotContain(github);
    assertThat(everything)
        .contains("\"rule\":\"aws-access-key-id\",\"direction\":\"request\"")
        .contains("\"rule\":\"github-pat\",\"direction\":\"response\"")
        .contains("[MASKED:github-pat:")
        .contains("\"action\":\"detected\"")
        .doesNotContain("\"action\":\"masked\"");
  }

  private static HttpResponse<String> chat(String prompt, boolean stream, String reply)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"stream\":"
                        + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt
                        + "\"}]}"));
    if (reply != null) {
      request.header("x-sim-reply", reply);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }
}
