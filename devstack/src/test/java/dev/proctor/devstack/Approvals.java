package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Hashes;
import dev.proctor.format.Json;
import dev.proctor.format.Segments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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

  /**
   * The audit events in the embedded S3's files under {@code s3Dir}, every gateway's chain checked:
   * contiguous sequence numbers, each line's {@code prev} the hash of the line before.
   */
  static List<JsonNode> auditEvents(Path s3Dir) throws Exception {
    Map<String, List<byte[]>> chains = new TreeMap<>();
    try (Stream<Path> files = Files.walk(s3Dir)) {
      for (Path f :
          files
              .filter(p -> p.toString().contains("/v1/audit/"))
              // not s3proxy's upload in progress, <key>-<uuid>, which it renames to <key>
              .filter(p -> p.getFileName().toString().endsWith(".jsonl.gz"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList()) {
        String name = f.getFileName().toString();
        chains
            .computeIfAbsent(name.substring(0, name.indexOf('-')), k -> new ArrayList<>())
            .addAll(Segments.lines(Files.readAllBytes(f)));
      }
    }
    List<JsonNode> events = new ArrayList<>();
    for (List<byte[]> chain : chains.values()) {
      String prev = "";
      for (int i = 0; i < chain.size(); i++) {
        JsonNode event = Json.mapper().readTree(chain.get(i));
        if (event.path("seq").asLong() != i || !event.path("prev").asText().equals(prev)) {
          throw new AssertionError("audit chain broken at " + event);
        }
        prev = Hashes.sha256Hex(chain.get(i));
        events.add(event);
      }
    }
    return events;
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
