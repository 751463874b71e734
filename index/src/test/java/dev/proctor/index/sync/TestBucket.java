package dev.proctor.index.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (s3proxy, in memory) holding recordings written in format v1, the way a gateway
 * writes them: chained events in gzip segments and a signed manifest once a session closes.
 */
final class TestBucket implements AutoCloseable {
  static final String BUCKET = "rec";

  final S3Layout layout = new S3Layout("");
  final ECKey key = ManifestSigner.generateKey("k1");
  private final S3Proxy proxy;
  private final S3Client s3;
  private final URI endpoint;

  /** In memory. */
  TestBucket() throws Exception {
    this(BlobStores.create("transient", new Properties()));
  }

  /**
   * On disk under {@code dir}, as the dev stack keeps it: each object a file named by its key, and
   * an upload in progress a file beside it named by the key, a dash and a UUID.
   */
  static TestBucket onDisk(Path dir) throws Exception {
    java.nio.file.Files.createDirectories(dir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toString());
    return new TestBucket(BlobStores.create("filesystem", properties));
  }

  private TestBucket(BlobStore store) throws Exception {
    store.createContainer(BUCKET);
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
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
            .build();
    put(
        layout.publicKeyKey("k1"),
        key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
  }

  S3RecordingSource source() {
    return new S3RecordingSource(
        new BucketSettings(
            Optional.of(endpoint),
            "us-east-1",
            BUCKET,
            "",
            Optional.of("id"),
            Optional.of("secret")));
  }

  /** A closed session of one exchange, started at {@code t0}, signed with {@link #key}. */
  String session(Instant t0, String prompt, String answer) throws Exception {
    return session(t0, List.of(prompt), answer, Optional.of(key));
  }

  /**
   * A session with one exchange per prompt, one segment per exchange.
   *
   * @param signer signs the manifest; empty leaves the session open
   */
  String session(Instant t0, List<String> prompts, String answer, Optional<ECKey> signer)
      throws Exception {
    String sid = Ulid.at(t0);
    EventChain chain = EventChain.start(sid);
    List<List<byte[]>> segments = new ArrayList<>();
    List<byte[]> first = new ArrayList<>();
    first.add(
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
                    Map.of("repository", new SessionOpen.Attribute("acme/payments", "declared")),
                    "default",
                    RecordLevel.FULL))
            .line());
    segments.add(first);
    for (int i = 0; i < prompts.size(); i++) {
      List<byte[]> lines = i == 0 ? first : new ArrayList<>();
      if (i > 0) {
        segments.add(lines);
      }
      Instant at = t0.plusSeconds(i);
      Optional<String> xid = Optional.of(Ulid.next(at));
      ObjectNode body = Json.mapper().createObjectNode();
      body.put("model", "sim-1");
      body.putArray("messages").addObject().put("role", "user").put("content", prompts.get(i));
      lines.add(
          chain
              .append(
                  at,
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
      ObjectNode response = Json.mapper().createObjectNode();
      response.putArray("choices").addObject().putObject("message").put("content", answer);
      lines.add(
          chain
              .append(
                  at,
                  xid,
                  new ExchangeEnd(
                      Outcome.COMPLETED,
                      1,
                      1,
                      1,
                      Optional.empty(),
                      Optional.of(response),
                      List.of(),
                      Optional.empty()))
              .line());
    }
    if (signer.isPresent()) {
      segments
          .getLast()
          .add(chain.append(t0, Optional.empty(), new SessionClose("idle", 1)).line());
    }
    List<Manifest.Segment> listed = new ArrayList<>();
    long seq = 0;
    for (List<byte[]> lines : segments) {
      byte[] gz = Segments.gzip(lines);
      put(layout.segmentKey(sid, seq), gz);
      listed.add(
          new Manifest.Segment(
              layout.segmentKey(sid, seq),
              seq,
              seq + lines.size() - 1,
              lines.size(),
              Hashes.sha256Hex(gz)));
      seq += lines.size();
    }
    if (signer.isPresent()) {
      Manifest manifest =
          new Manifest(
              1,
              sid,
              new Manifest.Summary("alice", "iss", "sim-openai", t0, t0, prompts.size(), "idle"),
              listed,
              seq,
              chain.lastHash());
      put(
          layout.manifestKey(sid),
          new ManifestSigner(signer.get()).sign(manifest).getBytes(StandardCharsets.US_ASCII));
    }
    return sid;
  }

  void put(String k, byte[] bytes) {
    s3.putObject(b -> b.bucket(BUCKET).key(k), RequestBody.fromBytes(bytes));
  }

  byte[] get(String k) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(k)).asByteArray();
  }

  void delete(String k) {
    s3.deleteObject(b -> b.bucket(BUCKET).key(k));
  }

  List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(o -> o.key())
        .toList();
  }

  @Override
  public void close() throws Exception {
    s3.close();
    proxy.stop();
  }
}
