package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Calls through a gateway and to its admin API, for the approval tests. */
final class Approvals {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Contractors wait for an approver up to {@code hold}; sim-anthropic needs approval for all. */
  static void writePolicy(Path dataDir, String hold) throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve("policy.yaml"),
        """
        rules:
          - name: contractors-need-approval
            match: {groups: [contractors]}
            approval: {approvers: [approvers], min-approvals: 1, max-duration: 8h, hold: %s}
          - name: anthropic-needs-approval
            match: {connection: sim-anthropic}
            approval: {approvers: [approvers], max-duration: 2h, hold: 1s}
          - name: staff
            match: {groups: [developers, approvers, security]}
        """
            .formatted(hold));
  }

  private Approvals() {}

  record Answer(int status, JsonNode body) {}

  /** A chat call as {@code token}'s user through the gateway on {@code port}. */
  static Answer call(int port, String token, String connection, String reason) throws Exception {
    String path = connection.equals("sim-anthropic") ? "/v1/messages" : "/v1/chat/completions";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/c/" + connection + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hello\"}]}"));
    if (reason != null) {
      request.header("X-Proctor-Reason", reason);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
  }

  static Answer admin(int adminPort, String token, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/admin/v1/access-requests" + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Json.mapper().readTree(response.body()));
  }

  /** Waits for a pending request of {@code requester} to show on {@code adminPort}; its id. */
  static String awaitPending(int adminPort, String approverToken, String requester)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Answer list = admin(adminPort, approverToken, "GET", "?state=pending", null);
      for (JsonNode r : list.body().path("access_requests")) {
        if (r.at("/requester/subject").asText().equals(requester)) {
          return r.path("id").asText();
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no pending request of " + requester);
  }
}
