package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.proctor.format.ApiKind;
import dev.proctor.format.EventChain;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
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
import dev.proctor.index.BucketSettings;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.SearchQuery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Sync against a real S3 server (s3proxy): indexing, incremental runs and tamper detection. */
class SyncTest {
  @TempDir Path dir;
  S3Proxy proxy;
  S3Client s3;
  S3RecordingSource source;
  final S3Layout layout = new S3Layout("");
  final ECKey key = ManifestSigner.generateKey("k1");

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    BlobStore store = BlobStores.create("transient", props);
    store.createContainer("rec");
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "id", "secret")
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
            .build();
    source =
        new S3RecordingSource(
            new BucketSettings(
                Optional.of(endpoint),
                "us-east-1",
                "rec",
                "",
                Optional.of("id"),
                Optional.of("secret")));
    put(
        layout.publicKeyKey("k1"),
        key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    s3.close();
    proxy.stop();
  }

  @Test
  void closedSessionIsVerifiedIndexedAndNotFetchedTwice() throws Exception {
    String sid = writeSession("the pelican brief", true);
    try (Workspace ws = Workspace.open(dir, Workspace.Options.defaults())) {
      assertThat(ws.sync(source, false, p -> {}).toString())
          .isEqualTo("synced 3 of 3 objects; 1 sessions indexed (1 verified, 0 open, 0 broken)");
      assertThat(ws.search(SearchQuery.of("pelican")).hits())
          .extracting(h -> h.session().sid())
          .containsOnly(sid);
      assertThat(ws.sessions(SearchQuery.of("")))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.integrity()).isEqualTo("verified");
                assertThat(s.user()).isEqualTo("alice");
              });
      assertThat(ws.sync(source, false, p -> {}).downloaded()).isZero();
    }
  }

  @Test
  void tamperedSegmentIsReportedBrokenAfterTheNextSync() throws Exception {
    String sid = writeSession("the walrus memo", true);
    try (Workspace ws = Workspace.open(dir, Workspace.Options.defaults())) {
      ws.sync(source, false, p -> {});
      byte[] edited = Segments.gzip(List.of(Json.mapper().writeValueAsBytes(Map.of("v", 1))));
      put(layout.segmentKey(sid, 0), edited);

      assertThat(ws.sync(source, false, p -> {}).broken()).isEqualTo(1);
      assertThat(ws.verify(sid))
          .get()
          .hasToString(
              "broken: segment "
                  + layout.segmentKey(sid, 0)
                  + " does not match its manifest digest");
      assertThat(ws.sessions(SearchQuery.of("")).getFirst().integrity()).startsWith("broken: ");
    }
  }

  @Test
  void sessionWithoutManifestIsOpen() throws Exception {
    String sid = writeSession("the heron report", false);
    try (Workspace ws = Workspace.open(dir, Workspace.Options.defaults())) {
      ws.sync(source, false, p -> {});
      assertThat(ws.verify(sid)).get().hasToString("open");
      assertThat(ws.transcript(sid))
          .get()
          .satisfies(
              t -> assertThat(t.exchanges().getFirst().prompt()).isEqualTo("the heron report"));
    }
  }

  private String writeSession(String prompt, boolean close) throws Exception {
    Instant t0 = Instant.now();
    String sid = Ulid.next(t0);
    EventChain chain = EventChain.start(sid);
    List<byte[]> lines = new java.util.ArrayList<>();
    lines.add(
        chain
            .append(
                t0,
                Optional.empty(),
                new SessionOpen(
                    new SessionOpen.Identity(
                        "iss",
                        "alice",
                        Optional.empty(),
                        Optional.empty(),
                        List.of("developers"),
                        Map.of()),
                    new SessionOpen.Client("test", Map.of(), "127.0.0.1"),
                    "sim-openai",
                    Map.of(),
                    "default",
                    RecordLevel.FULL))
            .line());
    Optional<String> xid = Optional.of(Ulid.next(t0));
    var body = Json.mapper().createObjectNode();
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    lines.add(
        chain
            .append(
                t0,
                xid,
                new ExchangeRequest(
                    "POST",
                    "/v1/chat/completions",
                    ApiKind.OPENAI_CHAT,
                    Optional.of("sim-1"),
                    false,
                    Map.of(),
                    Optional.of(body),
                    List.of()))
            .line());
    lines.add(
        chain
            .append(
                t0,
                xid,
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    1,
                    1,
                    1,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty()))
            .line());
    if (close) {
      lines.add(chain.append(t0, Optional.empty(), new SessionClose("idle", 1)).line());
    }
    byte[] segment = Segments.gzip(lines);
    put(layout.segmentKey(sid, 0), segment);
    if (close) {
      Manifest manifest =
          new Manifest(
              1,
              sid,
              new Manifest.Summary("alice", "iss", "sim-openai", t0, t0, 1, "idle"),
              List.of(
                  new Manifest.Segment(
                      layout.segmentKey(sid, 0),
                      0,
                      lines.size() - 1,
                      lines.size(),
                      Hashes.sha256Hex(segment))),
              lines.size(),
              chain.lastHash());
      put(
          layout.manifestKey(sid),
          new ManifestSigner(key).sign(manifest).getBytes(StandardCharsets.US_ASCII));
    }
    return sid;
  }

  private void put(String k, byte[] bytes) {
    s3.putObject(b -> b.bucket("rec").key(k), RequestBody.fromBytes(bytes));
  }
}
