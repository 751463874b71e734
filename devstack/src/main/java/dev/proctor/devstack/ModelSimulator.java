package dev.proctor.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A model provider for the dev stack and the tests. It speaks OpenAI chat completions, OpenAI
 * legacy completions (Copilot's inline suggestions), OpenAI responses (Codex) and Anthropic
 * messages, streaming or not, tool use included, with token counting and compaction beside them,
 * and answers only callers that present {@code apiKey} (so tests can prove the gateway injected
 * it).
 *
 * <p>Per request, {@code x-sim-reply} sets the answer text ({@code \n} for a line break), {@code
 * x-sim-delay-ms} the delay between streamed tokens, {@code x-sim-chunk-chars} streams that many
 * characters per event instead of a word, {@code x-sim-chunked} sends a whole answer without a
 * length, {@code x-sim-status} makes it answer with that error status, and {@code
 * x-sim-content-encoding} labels the answer with that coding although nobody asked for one (as a
 * proxy on the way might): {@code gzip} compresses it, any other coding is only claimed. A Messages
 * request that enables extended thinking gets a signed {@code thinking} block first ({@code
 * x-sim-thinking} sets its text), and one that sends a thinking block back altered is refused with
 * 400, as Anthropic refuses it.
 */
public final class ModelSimulator implements AutoCloseable {
  private final WebServer server;
  private final String apiKey;
  private final Duration tokenDelay;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong abortedStreams = new AtomicLong();
  private final AtomicLong copilotExchanges = new AtomicLong();
  private final Map<String, Instant> copilotTokens = new ConcurrentHashMap<>();
  private final Map<String, String> lastSideCallBodies = new ConcurrentHashMap<>();
  private final ThinkingSignatures thinkingSignatures = new ThinkingSignatures();
  private volatile Duration copilotTokenTtl = Duration.ofMinutes(25);

  /** The GitHub token the simulated Copilot token endpoint accepts. */
  public static final String GITHUB_TOKEN = "gho_simulated_github_token";

  private ModelSimulator(int port, String apiKey, Duration tokenDelay) {
    this.apiKey = apiKey;
    this.tokenDelay = tokenDelay;
    this.server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .connectionOptions(o -> o.tcpNoDelay(true))
            .routing(
                r ->
                    r.post("/v1/chat/completions", (req, res) -> handle(req, res, Api.CHAT))
                        .post("/v1/completions", (req, res) -> handle(req, res, Api.COMPLETIONS))
                        .post("/v1/responses", (req, res) -> handle(req, res, Api.RESPONSES))
                        .post("/v1/messages", (req, res) -> handle(req, res, Api.MESSAGES))
                        .post("/v1/messages/count_tokens", this::sideCall)
                        .post("/v1/responses/input_tokens", this::sideCall)
                        .post("/v1/responses/compact", this::sideCall)
                        .get("/v1/models", this::models)
                        .post("/v1/embeddings", this::embeddings)
                        .get("/copilot_internal/v2/token", this::copilotToken)
                        .post("/chat/completions", this::copilotChat))
            .build()
            .start();
  }

  /**
   * @param port 0 for any free port
   * @param tokenDelay default pause between streamed tokens
   */
  public static ModelSimulator start(int port, String apiKey, Duration tokenDelay) {
    return new ModelSimulator(port, apiKey, tokenDelay);
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** How long the Copilot tokens it issues live (25 minutes, like the real ones, unless set). */
  public void copilotTokenTtl(Duration ttl) {
    this.copilotTokenTtl = ttl;
  }

  /** How many Copilot tokens it has issued. */
  public long copilotExchanges() {
    return copilotExchanges.get();
  }

  private void copilotToken(ServerRequest req, ServerResponse res) {
    if (!req.headers()
        .first(HeaderNames.AUTHORIZATION)
        .map(("token " + GITHUB_TOKEN)::equals)
        .orElse(false)) {
      error(res, Api.CHAT, 401, "Bad credentials");
      return;
    }
    long n = copilotExchanges.incrementAndGet();
    Instant expires = Instant.now().plus(copilotTokenTtl);
    String token = "tid=sim;n=" + n + ";exp=" + expires.getEpochSecond();
    copilotTokens.put(token, expires);
    long ttl = copilotTokenTtl.toSeconds();
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        "{\"token\":\""
            + token
            + "\",\"expires_at\":"
            + expires.getEpochSecond()
            + ",\"refresh_in\":"
            + Math.max(1, ttl - 60)
            + "}");
  }

  private void copilotChat(ServerRequest req, ServerResponse res) throws IOException {
    Optional<String> bearer =
        req.headers()
            .first(HeaderNames.AUTHORIZATION)
            .filter(v -> v.startsWith("Bearer "))
            .map(v -> v.substring(7));
    Instant expires = bearer.map(copilotTokens::get).orElse(null);
    if (expires == null || Instant.now().isAfter(expires)) {
      error(res, Api.CHAT, 401, "unauthorized: token expired or unknown");
      return;
    }
    for (String required : List.of("Copilot-Integration-Id", "Editor-Version")) {
      if (!req.headers().contains(HeaderNames.create(required))) {
        error(res, Api.CHAT, 400, "missing header " + required);
        return;
      }
    }
    respond(req, res, Api.CHAT);
  }

  private enum Api {
    CHAT,
    COMPLETIONS,
    RESPONSES,
    MESSAGES
  }

  private void handle(ServerRequest req, ServerResponse res, Api api) throws IOException {
    if (!authorized(req)) {
      error(res, api, 401, "Incorrect API key provided to the simulator.");
      return;
    }
    respond(req, res, api);
  }

  private void respond(ServerRequest req, ServerResponse res, Api api) throws IOException {
    Optional<Integer> forcedStatus =
        req.headers().first(HeaderNames.create("x-sim-status")).map(Integer::parseInt);
    if (forcedStatus.isPresent()) {
      error(res, api, forcedStatus.get(), "Simulated upstream error " + forcedStatus.get() + ".");
      return;
    }
    JsonNode request;
    try {
      request = Json.mapper().readTree(req.content().inputStream());
    } catch (IOException e) {
      error(res, api, 400, "The simulator could not parse the JSON body.");
      return;
    }
    if (request == null || !request.isObject()) {
      error(res, api, 400, "The simulator expects a JSON object.");
      return;
    }
    String model = request.path("model").asText("sim-1");
    Optional<String> scripted =
        req.headers()
            .first(HeaderNames.create("x-sim-reply"))
            .map(r -> r.replace("\\n", "\n")); // a header cannot hold a line break
    if (api == Api.MESSAGES) {
      Optional<String> altered = thinkingSignatures.firstAltered(request);
      if (altered.isPresent()) {
        invalidRequest(
            res,
            altered.get()
                + ": `thinking` or `redacted_thinking` blocks in the latest assistant message cannot"
                + " be modified. These blocks must remain as they were in the original response.");
        return;
      }
    }
    Optional<String> scriptedThinking =
        req.headers().first(HeaderNames.create("x-sim-thinking")).map(r -> r.replace("\\n", "\n"));
    SimulatedReply reply = SimulatedReply.decide(request, scripted, scriptedThinking);
    Optional<Integer> chunkChars =
        req.headers().first(HeaderNames.create("x-sim-chunk-chars")).map(Integer::parseInt);
    if (chunkChars.isPresent()) {
      reply = reply.chunked(chunkChars.get());
    }
    String id =
        switch (api) {
              case MESSAGES -> "msg_sim_";
              case RESPONSES -> "resp_sim_";
              default -> "chatcmpl-sim-";
            }
            + ids.incrementAndGet();
    Optional<String> coding = req.headers().first(HeaderNames.create("x-sim-content-encoding"));
    boolean gzip = coding.filter("gzip"::equals).isPresent();
    if (!request.path("stream").asBoolean(false)) {
      ObjectNode body =
          switch (api) {
            case CHAT -> SimulatorFormats.chatBody(id, model, reply);
            case COMPLETIONS -> SimulatorFormats.completionBody(id, model, reply);
            case RESPONSES -> SimulatorFormats.responseBody(id, model, reply);
            case MESSAGES ->
                SimulatorFormats.messageBody(id, model, reply, thinkingSignatures::sign);
          };
      res.header(HeaderNames.CONTENT_TYPE, "application/json");
      res.header(HeaderNames.create("x-request-id"), "req_" + id);
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      coding.ifPresent(c -> res.header(HeaderNames.CONTENT_ENCODING, c));
      if (gzip) {
        bytes = gzipped(bytes);
      }
      if (req.headers().contains(HeaderNames.create("x-sim-chunked"))) {
        try (OutputStream out = res.outputStream()) { // no Content-Length: chunked encoding
          out.write(bytes, 0, bytes.length / 2);
          out.flush(); // sends the head before the length is known
          out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
        }
      } else {
        res.send(bytes);
      }
      return;
    }
    boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
    List<SimulatorFormats.Sse> events =
        switch (api) {
          case CHAT -> SimulatorFormats.chatStream(id, model, reply, includeUsage);
          case COMPLETIONS -> SimulatorFormats.completionStream(id, model, reply);
          case RESPONSES -> SimulatorFormats.responseStream(id, model, reply);
          case MESSAGES ->
              SimulatorFormats.messageStream(id, model, reply, thinkingSignatures::sign);
        };
    long delay =
        req.headers()
            .first(HeaderNames.create("x-sim-delay-ms"))
            .map(Long::parseLong)
            .orElse(tokenDelay.toMillis());
    try {
      coding.ifPresent(c -> res.header(HeaderNames.CONTENT_ENCODING, c));
      stream(res, events, delay, gzip);
    } catch (IOException | java.io.UncheckedIOException | ServerConnectionException e) {
      abortedStreams.incrementAndGet(); // the caller (the gateway) went away mid-stream
    }
  }

  /** Streams whose caller disconnected before the last event. */
  public long abortedStreams() {
    return abortedStreams.get();
  }

  private static void stream(
      ServerResponse res, List<SimulatorFormats.Sse> events, long delayMs, boolean gzip)
      throws IOException {
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    try (OutputStream out =
        gzip ? new GZIPOutputStream(res.outputStream(), true) : res.outputStream()) {
      for (SimulatorFormats.Sse event : events) {
        StringBuilder frame = new StringBuilder();
        if (event.event() != null) {
          frame.append("event: ").append(event.event()).append('\n');
        }
        frame.append("data: ").append(event.data()).append("\n\n");
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (delayMs > 0) {
          try {
            Thread.sleep(delayMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private static byte[] gzipped(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /**
   * The body the last side call on {@code path} carried, as the simulator received it: token
   * counting and compaction answer with numbers or opaque state, so tests read what arrived here.
   */
  public Optional<String> lastSideCallBody(String path) {
    return Optional.ofNullable(lastSideCallBodies.get(path));
  }

  /**
   * The calls around a conversation that are not model calls: Anthropic's token counting, and
   * OpenAI's input token counting and compaction of a Responses conversation. Each carries the
   * whole conversation; each answers in its API's shape, counting a token per four bytes.
   */
  private void sideCall(ServerRequest req, ServerResponse res) throws IOException {
    String path = req.path().path();
    Api api = path.startsWith("/v1/messages") ? Api.MESSAGES : Api.CHAT;
    if (!authorized(req)) {
      error(res, api, 401, "Incorrect API key provided to the simulator.");
      return;
    }
    String body;
    try (var in = req.content().inputStream()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    lastSideCallBodies.put(path, body);
    long tokens = Math.max(1, body.length() / 4);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        switch (path) {
          case "/v1/messages/count_tokens" -> "{\"input_tokens\":" + tokens + "}";
          case "/v1/responses/input_tokens" ->
              "{\"object\":\"response.input_tokens\",\"input_tokens\":" + tokens + "}";
          default ->
              "{\"id\":\"resp_sim_compact_"
                  + ids.incrementAndGet()
                  + "\",\"object\":\"response.compaction\",\"created_at\":"
                  + Instant.now().getEpochSecond()
                  + ",\"output\":[{\"type\":\"compaction\",\"id\":\"cmp_sim\","
                  + "\"encrypted_content\":\"c2ltdWxhdGVkIGNvbXBhY3Rpb24=\"}],"
                  + "\"usage\":{\"input_tokens\":"
                  + tokens
                  + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1,"
                  + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"
                  + (tokens + 1)
                  + "}}";
        });
  }

  /** Counts the body's bytes into {@code usage}, so tests can see a large body arrive whole. */
  private void embeddings(ServerRequest req, ServerResponse res) throws IOException {
    if (!authorized(req)) {
      error(res, Api.CHAT, 401, "Incorrect API key provided to the simulator.");
      return;
    }
    long bytes;
    try (var in = req.content().inputStream()) {
      bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],"
            + "\"model\":\"sim-embed\",\"usage\":{\"prompt_tokens\":"
            + bytes
            + ",\"total_tokens\":"
            + bytes
            + "}}");
  }

  private void models(ServerRequest req, ServerResponse res) {
    if (!authorized(req)) {
      error(res, Api.CHAT, 401, "Incorrect API key provided to the simulator.");
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(
        "{\"object\":\"list\",\"data\":[{\"id\":\"sim-1\",\"object\":\"model\",\"owned_by\":\"proctor\"}]}");
  }

  private boolean authorized(ServerRequest req) {
    return req.headers()
            .first(HeaderNames.AUTHORIZATION)
            .map(("Bearer " + apiKey)::equals)
            .orElse(false)
        || req.headers().first(HeaderNames.create("x-api-key")).map(apiKey::equals).orElse(false);
  }

  private static void error(ServerResponse res, Api api, int status, String message) {
    String body =
        api == Api.MESSAGES
            ? "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\""
                + message
                + "\"}}"
            : "{\"error\":{\"message\":\""
                + message
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body);
  }

  /** Anthropic's answer to a request it refuses as malformed. */
  private static void invalidRequest(ServerResponse res, String message) {
    ObjectNode error =
        Json.mapper()
            .createObjectNode()
            .put("type", "invalid_request_error")
            .put("message", message);
    ObjectNode body = Json.mapper().createObjectNode().put("type", "error");
    body.set("error", error);
    res.status(Status.BAD_REQUEST_400);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.toString());
  }

  @Override
  public void close() {
    server.stop();
  }
}
