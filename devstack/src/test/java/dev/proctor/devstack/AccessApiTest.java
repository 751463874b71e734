package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import dev.proctor.format.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requester's side of access requests (ask ahead, with a reason, and read the state), the
 * workstation's change feed, and the JWKS of the recording signer.
 */
class AccessApiTest {
  @TempDir static Path dir;
  static DevStack stack;
  static HttpServer hook;
  static final List<String> delivered = new CopyOnWriteArrayList<>();
  static final AtomicInteger hookCalls = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean fail = hookCalls.incrementAndGet() == 1; // the first delivery fails: retried
          if (!fail) {
            delivered.add(body);
          }
          exchange.sendResponseHeaders(fail ? 503 : 204, -1);
          exchange.close();
        });
    hook.start();
    Approvals.writePolicy(dir, "1s");
    stack =
        DevStack.start(
            DevStack.Options.ephemeral(dir)
                .withAccess(
                    DevStack.DEV_ACCESS.withWebhook(
                        URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
    hook.stop(0);
  }

  @Test
  void aRequesterAsksAheadAndTheFeedShowsTheRequestThenItsDecision() throws Exception {
    String bob = stack.idp().token("bob", 600);
    BlockingQueue<String> feed = new LinkedBlockingQueue<>();
    HttpRequest feedRequest =
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().adminUrl() + "/admin/v1/access-requests/feed"))
            .header("Authorization", "Bearer " + bob)
            .build();
    var subscription =
        Approvals.HTTP
            .sendAsync(feedRequest, HttpResponse.BodyHandlers.ofLines())
            // async: when the response is already there, thenAccept would run on this thread
            // and read the endless feed here (it hung a CI run)
            .thenAcceptAsync(
                r -> lines(r.body(), feed), Executors.newVirtualThreadPerTaskExecutor());

    String carol = stack.idp().token("carol", 600);
    HttpResponse<String> asked =
        requester(
            carol,
            "POST",
            "",
            "{\"connection\":\"sim-openai\",\"reason\":\"incident 4711\",\"duration\":\"PT30M\"}");
    assertThat(asked.statusCode()).isEqualTo(201);
    JsonNode request = Json.mapper().readTree(asked.body());
    String id = request.path("id").asText();
    assertThat(request.path("state").asText()).isEqualTo("pending");
    assertThat(request.path("requested_duration").asText()).isEqualTo("PT30M");
    assertThat(request.path("reason").asText()).isEqualTo("incident 4711");

    assertThat(awaitEvent(feed, id, "pending").path("reason").asText()).isEqualTo("incident 4711");
    Approvals.admin(
        stack.gateway().adminPort(),
        bob,
        "POST",
        "/" + id + "/approve",
        "{\"reason\":\"on call\"}");
    JsonNode approved = awaitEvent(feed, id, "approved");
    assertThat(approved.at("/approvals/0/duration").asText())
        .as("the requested 30 min")
        .isEqualTo("PT30M");

    HttpResponse<String> state = requester(carol, "GET", "/" + id, null);
    assertThat(Json.mapper().readTree(state.body()).path("state").asText()).isEqualTo("approved");
    assertThat(requester(stack.idp().token("alice", 600), "GET", "/" + id, null).statusCode())
        .as("only its requester reads it here")
        .isEqualTo(404);
    assertThat(Approvals.call(stack.gateway().port(), carol, "sim-openai", null).status())
        .isEqualTo(200);

    HttpResponse<String> needless =
        requester(stack.idp().token("alice", 600), "POST", "", "{\"connection\":\"sim-openai\"}");
    assertThat(needless.statusCode()).isEqualTo(409);
    assertThat(needless.body()).contains("need no approval (policy rule 'staff')");
    subscription.cancel(true);

    // other tests of this class open requests too: this one's deliveries are those naming its id
    java.util.function.Supplier<List<String>> ours =
        () ->
            delivered.stream()
                .map(
                    b -> {
                      try {
                        JsonNode n = Json.mapper().readTree(b);
                        return n.path("event").asText()
                            + " "
                            + n.at("/request/id").asText()
                            + " "
                            + n.at("/transition/by").asText();
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    })
                .filter(line -> line.contains(" " + id + " "))
                .toList();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (ours.get().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ours.get())
        .containsExactlyInAnyOrder(
            "access_request.opened " + id + " carol", "access_request.approved " + id + " bob");
    assertThat(hookCalls.get())
        .as("one failed delivery (the first of the run), retried")
        .isEqualTo(delivered.size() + 1);
  }

  @Test
  void aBodyThatIsNotJsonGets400SayingWhereItBreaksAndDecidesNothing() throws Exception {
    String carol = stack.idp().token("carol", 600);
    HttpResponse<String> broken = requester(carol, "POST", "", "{\"connection\":\"sim-copilot\",");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(broken.body()).at("/error/message").asText())
        .isEqualTo(
            "The body is not valid JSON: Unexpected end-of-input within/between Object entries"
                + " at line 1, column 29.");

    String id =
        Json.mapper()
            .readTree(
                requester(carol, "POST", "", "{\"connection\":\"sim-copilot\",\"reason\":\"x\"}")
                    .body())
            .path("id")
            .asText();
    Approvals.Answer approve =
        Approvals.admin(
            stack.gateway().adminPort(),
            stack.idp().token("bob", 600),
            "POST",
            "/" + id + "/approve",
            "{\"reason\": on call}");
    assertThat(approve.status()).isEqualTo(400);
    assertThat(approve.body().at("/error/message").asText())
        .startsWith("The body is not valid JSON: Unrecognized token 'on'")
        .endsWith(" at line 1, column 12.");
    assertThat(
            Json.mapper()
                .readTree(requester(carol, "GET", "/" + id, null).body())
                .path("state")
                .asText())
        .isEqualTo("pending");

    Approvals.Answer unknownState =
        Approvals.admin(
            stack.gateway().adminPort(), stack.idp().token("bob", 600), "GET", "?state=open", null);
    assertThat(unknownState.status()).isEqualTo(400);
    assertThat(unknownState.body().at("/error/message").asText())
        .isEqualTo("state: expected pending, approved, denied, expired or revoked, got 'open'.");
  }

  @Test
  void aHeldCallsRequestShowsApproversItsPromptWithSecretsMasked() throws Exception {
    String dave = stack.idp().token("dave", 600);
    String key = "AKIAQ3ZTK7LBXW2M5RPD";
    HttpResponse<String> held =
        Approvals.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + stack.gateway().port()
                            + "/c/sim-anthropic/v1/messages"))
                .header("Authorization", "Bearer " + stack.idp().token("alice", 600))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-1\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"rotate the deploy key "
                            + key
                            + " please\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(held.statusCode()).as("held for 1 s, then refused").isEqualTo(403);

    String id = Approvals.awaitPending(stack.gateway().adminPort(), dave, "alice");
    JsonNode request =
        Approvals.admin(stack.gateway().adminPort(), dave, "GET", "/" + id, null).body();
    assertThat(request.path("prompt").asText())
        .startsWith("rotate the deploy key [MASKED:aws-access-key-id:")
        .endsWith(" please")
        .doesNotContain(key);
  }

  @Test
  void theAdminPortPublishesTheRecordingSignersPublicKey() throws Exception {
    HttpResponse<String> keys =
        Approvals.HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.info().gateway().adminUrl() + "/admin/v1/keys"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    JWKSet set = JWKSet.parse(keys.body());
    assertThat(set.getKeys()).hasSize(1);
    assertThat(set.getKeys().getFirst().isPrivate()).isFalse();
    assertThat(keys.body()).doesNotContain("\"d\"");
  }

  private static void lines(Stream<String> lines, BlockingQueue<String> into) {
    lines.filter(l -> l.startsWith("data: ")).forEach(l -> into.add(l.substring(6)));
  }

  private static JsonNode awaitEvent(BlockingQueue<String> feed, String id, String state)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      String data = feed.poll(200, TimeUnit.MILLISECONDS);
      if (data != null) {
        JsonNode event = Json.mapper().readTree(data);
        if (event.path("id").asText().equals(id) && event.path("state").asText().equals(state)) {
          return event;
        }
      }
    }
    throw new AssertionError("no feed event for " + id + " in state " + state);
  }

  private static HttpResponse<String> requester(
      String token, String method, String path, String body) throws Exception {
    return Approvals.HTTP.send(
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/proctor/v1/access-requests" + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
