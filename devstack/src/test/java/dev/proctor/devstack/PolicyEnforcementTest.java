package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy stage on the dev stack: its dev policy, then the same file edited while the gateway
 * runs. A good edit takes effect within the reload interval; a broken one leaves the last good
 * policy in force.
 */
class PolicyEnforcementTest {
  @TempDir static Path dir;
  static DevStack stack;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // the dev policy, with contractors held 1 s instead of the dev stack's 2 minutes
    Approvals.writePolicy(dir, "1s");
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void rulesAllowDenyAndReloadAndABrokenFileKeepsTheLastGoodPolicy() throws Exception {
    assertThat(chat("alice", "sim-openai").statusCode()).isEqualTo(200);
    HttpResponse<String> contractor = chat("carol", "sim-anthropic");
    assertThat(contractor.statusCode()).isEqualTo(403);
    assertThat(contractor.body())
        .startsWith("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\"")
        .contains("policy rule 'contractors-need-approval'");

    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        rules:
          - name: no-anthropic-for-developers
            match: {groups: [developers], connection: sim-anthropic}
            action: deny
            message: "Developers use the OpenAI connection; ask in #ai-tools for Anthropic."
          - name: developers
            match: {groups: [developers]}
            record: metadata
        """);
    awaitStatus("alice", "sim-anthropic", 403);
    assertThat(chat("alice", "sim-anthropic").body())
        .contains("Developers use the OpenAI connection; ask in #ai-tools for Anthropic.");
    assertThat(chat("alice", "sim-openai").statusCode()).isEqualTo(200);
    HttpResponse<String> unmatched = chat("bob", "sim-openai");
    assertThat(unmatched.statusCode()).isEqualTo(403);
    assertThat(unmatched.body())
        .contains("No rule of the gateway's policy allows bob to use connection 'sim-openai'.");

    Files.writeString(policy, "rules:\n  - name: [broken\n");
    Thread.sleep(2_500); // more than the reload interval: the broken file was seen and refused
    assertThat(chat("alice", "sim-anthropic").statusCode()).isEqualTo(403);
    assertThat(chat("alice", "sim-openai").statusCode()).isEqualTo(200);
  }

  private static void awaitStatus(String user, String connection, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (chat(user, connection).statusCode() == status) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(user + " on " + connection + " never got " + status);
  }

  private static HttpResponse<String> chat(String user, String connection) throws Exception {
    String path = connection.equals("sim-anthropic") ? "/v1/messages" : "/v1/chat/completions";
    String body =
        connection.equals("sim-anthropic")
            ? "{\"model\":\"sim-1\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            : "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return http.send(
        HttpRequest.newBuilder(URI.create(stack.info().gateway().url() + "/c/" + connection + path))
            .header("Authorization", "Bearer " + stack.idp().token(user, 300))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
