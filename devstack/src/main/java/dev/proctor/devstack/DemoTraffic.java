package dev.proctor.devstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.Json;
import dev.proctor.index.StackInfo;
import dev.proctor.secrets.Checksum;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's live traffic: real calls through the running gateway, as coding agents would make
 * them, each user with their own dev IdP token. Alice streams a refactoring answer on the OpenAI
 * connection and runs a tool call; she then pastes a config with a (fake) AWS key into Claude,
 * which the gateway masks; Dave gets an answer carrying a (fake) GitHub token, which the gateway
 * masks on the way back; Bob asks Copilot; Carol, a contractor, makes a call that waits for an
 * approver.
 */
public final class DemoTraffic {
  /** A fake AWS access key id of the right shape; no AWS account has it. */
  public static final String AWS_KEY = "AKIAQ3DEMOZK7LBXW2M5";

  /** A fake GitHub token with a valid check digit, so the scanner takes it for a real one. */
  public static final String GITHUB_TOKEN;

  static {
    String entropy = "DemoOnly0Proctor0Fake0Token0x1";
    GITHUB_TOKEN = "ghp_" + entropy + Checksum.crc32Base62(entropy);
  }

  private static final String REFACTOR_ANSWER =
      """
      Here is `PaymentService` with the clock and the gateway injected, so a test can control both:

      ```java
      public final class PaymentService {
        private final Clock clock;
        private final PaymentGateway gateway;

        public PaymentService(Clock clock, PaymentGateway gateway) {
          this.clock = clock;
          this.gateway = gateway;
        }

        public Receipt charge(Order order) {
          if (order.total().signum() <= 0) {
            throw new IllegalArgumentException("nothing to charge for order " + order.id());
          }
          return gateway.charge(order.id(), order.total(), clock.instant());
        }
      }
      ```

      **Why:** the old version called `Instant.now()` and built its own HTTP client, so a test \
      needed the network and could not pin the time.
      """;

  private final StackInfo stack;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, String> tokens = new LinkedHashMap<>();

  public DemoTraffic(StackInfo stack) {
    this.stack = stack;
  }

  /** One call's outcome, for the demo's summary. */
  public record Call(String user, String connection, String what, int status) {
    @Override
    public String toString() {
      return line(user, connection, what, "HTTP " + status);
    }

    /** A line of the demo's summary: who, where, what, and how it ended. */
    public static String line(String user, String connection, String what, String outcome) {
      return "%-6s %-14s %-48s %s".formatted(user, connection, what, outcome);
    }
  }

  /** Makes the calls one after the other and returns what each got. */
  public List<Call> run() throws IOException, InterruptedException {
    List<Call> calls = new ArrayList<>();
    calls.add(
        openAi(
            "alice",
            "sim-openai",
            "demo-alice-refactor",
            "streamed refactoring answer with code",
            chat("refactor PaymentService so it can be tested without the network", true),
            Map.of("x-sim-reply", REFACTOR_ANSWER.strip().replace("\n", "\\n"))));
    ObjectNode toolCall =
        chat(
            "find every caller of validateToken and tell me which ones skip the expiry check",
            false);
    toolCall.set("tools", tools());
    calls.add(
        openAi(
            "alice",
            "sim-openai",
            "demo-alice-tools",
            "tool call: search_code",
            toolCall,
            Map.of()));
    ObjectNode toolResult = toolCall.deepCopy();
    ArrayNode messages = (ArrayNode) toolResult.get("messages");
    ObjectNode call =
        messages
            .addObject()
            .put("role", "assistant")
            .putArray("tool_calls")
            .addObject()
            .put("id", "call_demo_1")
            .put("type", "function");
    call.putObject("function")
        .put("name", "search_code")
        .put("arguments", "{\"query\":\"validateToken(\"}");
    messages
        .addObject()
        .put("role", "tool")
        .put("tool_call_id", "call_demo_1")
        .put(
            "content",
            "src/auth/Session.java:41 validateToken(token, clock)\n"
                + "src/api/Legacy.java:88 validateToken(token, null)");
    calls.add(
        openAi(
            "alice",
            "sim-openai",
            "demo-alice-tools",
            "tool result, then the answer",
            toolResult,
            Map.of(
                "x-sim-reply",
                "`Legacy.java:88` passes `null` as the clock, so the expiry check is skipped there."
                    + " `Session.java:41` checks it.")));
    calls.add(
        anthropic(
            "alice",
            "demo-alice-aws",
            "prompt with an AWS key (masked)",
            "why does the deploy fail with this config?\n\n[default]\naws_access_key_id = "
                + AWS_KEY
                + "\nregion = eu-west-1",
            true,
            Map.of()));
    calls.add(
        anthropic(
            "dave",
            "demo-dave-ci",
            "answer with a GitHub token (masked)",
            "how do I let the release job push tags?",
            false,
            Map.of(
                "x-sim-reply",
                "Add the token as a repository secret and use it in the job: GH_TOKEN="
                    + GITHUB_TOKEN
                    + " (rotate it after the release).")));
    calls.add(
        openAi(
            "bob",
            "sim-copilot",
            "demo-bob-copilot",
            "Copilot chat",
            chat("explain what AuditTrail.append does when the disk is full", true),
            Map.of()));
    return calls;
  }

  /**
   * Carol's call: the policy holds it until an approver decides (or the hold ends). It completes
   * with the gateway's answer.
   */
  public CompletableFuture<Call> heldCall() throws IOException, InterruptedException {
    ObjectNode body = chat("add retry_with_backoff to the OrderRepository client", false);
    HttpRequest request =
        post(
                "carol",
                "sim-openai",
                "demo-carol-contract",
                "/chat/completions",
                body,
                Map.of("X-Proctor-Reason", "ORD-231: orders time out under load"))
            .timeout(Duration.ofMinutes(5))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(
            r ->
                new Call(
                    "carol", "sim-openai", "contractor's call held for approval", r.statusCode()));
  }

  /** How many pending access requests of {@code requester} the approver sees on the admin API. */
  public long pendingRequestsOf(String requester, String approver)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.gateway().adminUrl() + "/admin/v1/access-requests?state=pending"))
                .header("Authorization", "Bearer " + token(approver))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the admin API answered HTTP " + response.statusCode());
    }
    long count = 0;
    for (var request : Json.mapper().readTree(response.body()).path("access_requests")) {
      if (requester.equals(request.path("requester").path("subject").asText())) {
        count++;
      }
    }
    return count;
  }

  private Call openAi(
      String user,
      String connection,
      String session,
      String what,
      ObjectNode body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest request =
        post(user, connection, session, "/chat/completions", body, headers).build();
    return new Call(user, connection, what, send(request));
  }

  private Call anthropic(
      String user,
      String session,
      String what,
      String prompt,
      boolean stream,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "claude-sim").put("max_tokens", 1024).put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    HttpRequest request =
        post(user, "sim-anthropic", session, "/v1/messages", body, headers)
            .header("anthropic-version", "2023-06-01")
            .build();
    return new Call(user, "sim-anthropic", what, send(request));
  }

  private int send(HttpRequest request) throws IOException, InterruptedException {
    // the whole body is read, streamed or not, as a client would
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpRequest.Builder post(
      String user,
      String connection,
      String session,
      String path,
      ObjectNode body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl(connection) + path))
            .header("Authorization", "Bearer " + token(user))
            .header("Content-Type", "application/json")
            .header("X-Proctor-Session", session)
            .header("User-Agent", "proctor-demo/0.1")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(builder::header);
    return builder;
  }

  private String baseUrl(String connection) {
    return stack.connections().stream()
        .filter(c -> c.name().equals(connection))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no connection " + connection))
        .baseUrl();
  }

  private String token(String user) throws IOException, InterruptedException {
    String token = tokens.get(user);
    if (token == null) {
      token = DevToken.fetch(stack.idp().tokenEndpoint(), user);
      tokens.put(user, token);
    }
    return token;
  }

  private static ObjectNode chat(String prompt, boolean stream) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "gpt-sim").put("stream", stream);
    ArrayNode messages = body.putArray("messages");
    messages
        .addObject()
        .put("role", "system")
        .put("content", "You are a coding assistant in the user's repository.");
    messages.addObject().put("role", "user").put("content", prompt);
    return body;
  }

  private static ArrayNode tools() {
    ArrayNode tools = Json.mapper().createArrayNode();
    ObjectNode function = tools.addObject().put("type", "function").putObject("function");
    function.put("name", "search_code").put("description", "Search the repository's code.");
    ObjectNode parameters = function.putObject("parameters").put("type", "object");
    parameters.putObject("properties").putObject("query").put("type", "string");
    parameters.putArray("required").add("query");
    return tools;
  }
}
