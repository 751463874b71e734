package dev.proctor.devstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import dev.proctor.format.ApiKind;
import dev.proctor.format.EventChain;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.ExchangeResponse;
import dev.proctor.format.Finding;
import dev.proctor.format.Hashes;
import dev.proctor.format.Json;
import dev.proctor.format.Manifest;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.Outcome;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.S3Layout;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionClose;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Ulid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sample-traffic generator: writes recorded sessions straight into a bucket in format v1, as a
 * gateway would have recorded them, without running model calls. Sessions vary the way real traffic
 * does: four users in their groups, OpenAI chat and Anthropic messages, one to four exchanges,
 * code-heavy prompts, streamed and whole answers, tool calls, masked secrets with their findings,
 * and now and then a secret recorded unmasked (a rule in detect mode). The newest few are left open
 * (no manifest yet). The same seed writes the same traffic.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final String ISSUER = "https://idp.example.test/corp";
  private static final List<String[]> USERS =
      List.of(
          new String[] {"alice", "developers"},
          new String[] {"bob", "approvers", "security"},
          new String[] {"carol", "contractors"},
          new String[] {"dave", "approvers"});
  private static final List<String> IDENTIFIERS =
      List.of(
          "getUserName",
          "PaymentService",
          "MAX_RETRY_COUNT",
          "parse_config",
          "OrderRepository",
          "fetchInvoices",
          "retry_with_backoff",
          "HttpClientFactory",
          "validateToken",
          "ledger_entries",
          "AuditTrail",
          "computeChecksum");
  private static final List<String> ASKS =
      List.of(
          "refactor %s so it can be tested",
          "why does %s throw a NullPointerException in production?",
          "write unit tests for %s",
          "explain what %s does and where it is called",
          "rename %s and update every caller",
          "add logging to %s without leaking tokens");
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final S3Client s3;
  private final String bucket;
  private final S3Layout layout;
  // a key of its own per generator: a second sample into the same bucket must not replace the key
  // the first one's manifests verify with
  private final ECKey signer =
      ManifestSigner.generateKey("devstack-traffic-" + Ulid.at(Instant.now()));

  /** What was written. {@code messages} counts what the index shows as messages. */
  public record Summary(long sessions, long open, long exchanges, long messages, long objects) {}

  public TrafficGenerator(URI endpoint, String accessKey, String secretKey, String bucket) {
    this.s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(DevStack.REGION))
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build();
    this.bucket = bucket;
    this.layout = new S3Layout("");
  }

  /**
   * Writes {@code count} sessions started evenly between {@code from} and {@code to}, and publishes
   * the key that signs their manifests.
   */
  public Summary write(int count, Instant from, Instant to, long seed, int threads)
      throws Exception {
    put(
        layout.publicKeyKey(signer.getKeyID()),
        signer.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
    AtomicLong open = new AtomicLong();
    AtomicLong exchanges = new AtomicLong();
    AtomicLong messages = new AtomicLong();
    AtomicLong objects = new AtomicLong(1);
    long span = Duration.between(from, to).toMillis();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  // SplittableRandom mixes its seed: java.util.Random's first draws from
                  // neighbouring seeds are nearly the same, which made every session one user's
                  RandomGenerator random = new SplittableRandom(seed * 1_000_003L + n);
                  Instant start = from.plusMillis(span * n / Math.max(1, count));
                  boolean leaveOpen = n >= count - Math.max(1, count / 50);
                  Written w = session(random, start, !leaveOpen);
                  exchanges.addAndGet(w.exchanges);
                  messages.addAndGet(w.messages);
                  objects.addAndGet(w.objects);
                  if (leaveOpen) {
                    open.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return new Summary(count, open.get(), exchanges.get(), messages.get(), objects.get());
  }

  private record Written(int exchanges, int messages, int objects) {}

  private Written session(RandomGenerator random, Instant start, boolean close) throws Exception {
    String sid = Ulid.at(start);
    String[] user = USERS.get(random.nextInt(USERS.size()));
    boolean anthropic = random.nextInt(3) == 0;
    String connection = anthropic ? "sim-anthropic" : "sim-openai";
    String model = anthropic ? "claude-sim" : random.nextBoolean() ? "sim-1" : "sim-2";
    EventChain chain = EventChain.start(sid);
    List<byte[]> lines = new ArrayList<>();
    lines.add(
        chain
            .append(
                start,
                Optional.empty(),
                new SessionOpen(
                    new SessionOpen.Identity(
                        ISSUER,
                        user[0],
                        Optional.empty(),
                        Optional.of(user[0] + "@example.test"),
                        List.of(user).subList(1, user.length),
                        Map.of()),
                    new SessionOpen.Client("proctor-traffic/1", Map.of(), "127.0.0.1"),
                    connection,
                    Map.of(
                        "repository",
                        new SessionOpen.Attribute(
                            random.nextBoolean() ? "acme/payments" : "acme/ledger", "declared"),
                        "environment",
                        new SessionOpen.Attribute(
                            random.nextInt(4) == 0 ? "ci" : "laptop", "declared")),
                    "default",
                    RecordLevel.FULL))
            .line());
    int exchanges = 1 + random.nextInt(4);
    int messages = 0;
    Instant t = start;
    for (int x = 0; x < exchanges; x++) {
      t = t.plusMillis(500 + random.nextInt(20_000));
      Optional<String> xid = Optional.of(Ulid.at(t));
      String identifier = IDENTIFIERS.get(random.nextInt(IDENTIFIERS.size()));
      String prompt = String.format(ASKS.get(random.nextInt(ASKS.size())), identifier);
      List<Finding> findings = new ArrayList<>();
      int secret = random.nextInt(100);
      if (secret < 8) {
        String fingerprint =
            Hashes.sha256Hex(("fp" + random.nextLong()).getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
        String placeholder = "[MASKED:aws-access-key-id:" + fingerprint.substring(0, 8) + "]";
        prompt += " using AWS_ACCESS_KEY_ID=" + placeholder;
        findings.add(
            new Finding(
                "aws-access-key-id",
                Finding.Direction.REQUEST,
                "$.messages[0].content",
                prompt.indexOf(placeholder),
                20,
                Finding.Action.MASKED,
                fingerprint));
      } else if (secret == 8) {
        prompt += " (key AKIA" + token(random, 16) + ")"; // a rule in detect mode let it through
      }
      boolean tool = anthropic && random.nextInt(4) == 0;
      boolean stream = random.nextBoolean();
      ApiKind api = anthropic ? ApiKind.ANTHROPIC_MESSAGES : ApiKind.OPENAI_CHAT;
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", model);
      body.put("stream", stream);
      body.putArray("messages").addObject().put("role", "user").put("content", prompt);
      lines.add(
          chain
              .append(
                  t,
                  xid,
                  new ExchangeRequest(
                      "POST",
                      anthropic ? "/v1/messages" : "/v1/chat/completions",
                      api,
                      Optional.of(model),
                      stream,
                      Map.of(),
                      Optional.of(body),
                      findings))
              .line());
      double ttfb = 80 + random.nextInt(400);
      lines.add(
          chain
              .append(
                  t,
                  xid,
                  new ExchangeResponse(
                      200,
                      Map.of("content-type", stream ? "text/event-stream" : "application/json"),
                      ttfb))
              .line());
      String answer =
          "Looking at "
              + identifier
              + ": "
              + List.of(
                      "the null comes from an unchecked Optional.get().",
                      "extract the retry loop into its own method.",
                      "the tests below cover the empty and the error case.",
                      "it is called from three places in the service layer.")
                  .get(random.nextInt(4));
      messages += 2;
      Optional<com.fasterxml.jackson.databind.JsonNode> whole = Optional.empty();
      if (stream) {
        double offset = 0;
        for (String piece : answer.split("(?<= )")) {
          offset += 5 + random.nextInt(40);
          String data =
              anthropic
                  ? Json.mapper()
                      .createObjectNode()
                      .put("type", "content_block_delta")
                      .put("index", 0)
                      .set(
                          "delta",
                          Json.mapper()
                              .createObjectNode()
                              .put("type", "text_delta")
                              .put("text", piece))
                      .toString()
                  : chunk(piece);
          lines.add(
              chain
                  .append(
                      t,
                      xid,
                      new ExchangeChunk(
                          offset,
                          anthropic ? Optional.of("content_block_delta") : Optional.empty(),
                          data))
                  .line());
        }
      } else {
        ObjectNode response = Json.mapper().createObjectNode();
        if (anthropic) {
          ArrayNode content = response.putArray("content");
          content.addObject().put("type", "text").put("text", answer);
          if (tool) {
            content
                .addObject()
                .put("type", "tool_use")
                .put("id", "t" + x)
                .put("name", "read_file")
                .putObject("input")
                .put("path", "src/main/java/acme/" + identifier + ".java");
            messages++;
          }
        } else {
          response
              .putArray("choices")
              .addObject()
              .putObject("message")
              .put("role", "assistant")
              .put("content", answer);
        }
        whole = Optional.of(response);
      }
      lines.add(
          chain
              .append(
                  t,
                  xid,
                  new ExchangeEnd(
                      Outcome.COMPLETED,
                      ttfb + 200 + random.nextInt(3000),
                      body.toString().length(),
                      answer.length(),
                      Optional.of(new ExchangeEnd.Usage(40, 60)),
                      whole,
                      List.of(),
                      Optional.empty()))
              .line());
    }
    Instant end = t.plusSeconds(1);
    if (close) {
      lines.add(chain.append(end, Optional.empty(), new SessionClose("idle", exchanges)).line());
    }
    byte[] segment = Segments.gzip(lines);
    String segmentKey = layout.segmentKey(sid, 0);
    put(segmentKey, segment);
    if (!close) {
      return new Written(exchanges, messages, 1);
    }
    Manifest manifest =
        new Manifest(
            1,
            sid,
            new Manifest.Summary(user[0], ISSUER, connection, start, end, exchanges, "idle"),
            List.of(
                new Manifest.Segment(
                    segmentKey, 0, lines.size() - 1, lines.size(), Hashes.sha256Hex(segment))),
            lines.size(),
            chain.lastHash());
    put(
        layout.manifestKey(sid),
        new ManifestSigner(signer).sign(manifest).getBytes(StandardCharsets.US_ASCII));
    return new Written(exchanges, messages, 2);
  }

  private static String chunk(String piece) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", piece);
    return node.toString();
  }

  private static String token(RandomGenerator random, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    return s.toString();
  }

  private void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  public void close() {
    s3.close();
  }
}
