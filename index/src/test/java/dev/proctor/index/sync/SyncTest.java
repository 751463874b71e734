package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.ManifestSigner;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sync against a real S3 server (s3proxy): indexing, incremental runs and tamper detection. */
class SyncTest {
  @TempDir Path dir;
  TestBucket bucket;
  S3RecordingSource source;

  @BeforeEach
  void start() throws Exception {
    bucket = new TestBucket();
    source = bucket.source();
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    bucket.close();
  }

  private Workspace workspace() throws Exception {
    return Workspace.open(dir, Workspace.Options.defaults());
  }

  @Test
  void closedSessionIsVerifiedIndexedAndNotFetchedTwice() throws Exception {
    String sid = bucket.session(Instant.now(), "the pelican brief", "ok");
    try (Workspace ws = workspace()) {
      assertThat(ws.sync(source, false, p -> {}).toString())
          .isEqualTo("synced 3 of 3 objects; 1 session indexed (1 verified, 0 open, 0 broken)");
      assertThat(ws.search(SearchQuery.of("pelican")).hits())
          .extracting(h -> h.session().sid())
          .containsOnly(sid);
      assertThat(ws.sessions(SearchQuery.of("")))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.integrity()).isEqualTo("verified");
                assertThat(s.user()).isEqualTo("alice");
                assertThat(s.title()).isEqualTo("the pelican brief");
              });
      var again = ws.sync(source, false, p -> {});
      assertThat(again.downloaded()).isZero();
      assertThat(again.sessions()).as("nothing changed, nothing re-indexed").isZero();
      assertThat(again).hasToString("up to date: nothing new among 3 objects");
    }
  }

  @Test
  void oneByteEditedInASegmentIsBroken() throws Exception {
    String sid = bucket.session(Instant.now(), "the walrus memo", "ok");
    try (Workspace ws = workspace()) {
      ws.sync(source, false, p -> {});
      String key = bucket.layout.segmentKey(sid, 0);
      byte[] bytes = bucket.get(key);
      bytes[bytes.length / 2] ^= 0x01;
      bucket.put(key, bytes);

      assertThat(ws.sync(source, false, p -> {}).broken()).isEqualTo(1);
      String expected = "broken: segment " + key + " does not match its manifest digest";
      assertThat(ws.verify(sid)).get().hasToString(expected);
      assertThat(ws.session(sid)).get().extracting(SessionSummary::integrity).isEqualTo(expected);
    }
  }

  @Test
  void deletedSegmentIsBroken() throws Exception {
    String sid =
        bucket.session(
            Instant.now(), List.of("first ask", "second ask"), "ok", Optional.of(bucket.key));
    try (Workspace ws = workspace()) {
      ws.sync(source, false, p -> {});
      assertThat(ws.session(sid)).get().extracting(SessionSummary::integrity).isEqualTo("verified");
      String second = bucket.keys(bucket.layout.sessionFolder(sid)).get(1);
      bucket.delete(second);

      assertThat(ws.sync(source, false, p -> {}).broken()).isEqualTo(1);
      assertThat(ws.session(sid).orElseThrow().integrity())
          .startsWith("broken: ")
          .contains(second)
          .contains("missing");
    }
  }

  @Test
  void manifestReplacedByOneSignedWithAnotherKeyIsBroken() throws Exception {
    Instant t0 = Instant.now();
    String sid = bucket.session(t0, "the otter ledger", "ok");
    try (Workspace ws = workspace()) {
      ws.sync(source, false, p -> {});
      // the forger re-signs the same manifest with a key of their own under the trusted kid
      ECKey forged = ManifestSigner.generateKey("k1");
      byte[] manifest = bucket.get(bucket.layout.manifestKey(sid));
      String payload =
          com.nimbusds.jose.JWSObject.parse(new String(manifest)).getPayload().toString();
      var signed =
          new ManifestSigner(forged)
              .sign(
                  dev.proctor.format.Json.mapper()
                      .readValue(payload, dev.proctor.format.Manifest.class));
      bucket.put(bucket.layout.manifestKey(sid), signed.getBytes());

      assertThat(ws.sync(source, false, p -> {}).broken()).isEqualTo(1);
      assertThat(ws.session(sid).orElseThrow().integrity())
          .isEqualTo("broken: manifest signature does not verify with key k1");
    }
  }

  @Test
  void aTrustAnchorOverridesTheKeysPublishedInTheBucket() throws Exception {
    ECKey intruder = ManifestSigner.generateKey("k2");
    bucket.put(
        bucket.layout.publicKeyKey("k2"),
        intruder.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String honest = bucket.session(Instant.now(), "signed by the gateway", "ok");
    String planted =
        bucket.session(Instant.now(), List.of("planted later"), "ok", Optional.of(intruder));
    Workspace.Options anchored =
        Workspace.Options.defaults().withTrustAnchor(new JWKSet(bucket.key.toPublicJWK()));
    try (Workspace ws = Workspace.open(dir, anchored)) {
      ws.sync(source, false, p -> {});
      assertThat(ws.session(honest).orElseThrow().integrity()).isEqualTo("verified");
      assertThat(ws.session(planted).orElseThrow().integrity())
          .isEqualTo("broken: manifest signed by unknown key k2");
    }
  }

  @Test
  void sessionWithoutManifestIsOpenAndVerifiedOnceItCloses() throws Exception {
    String sid = bucket.session(Instant.now(), List.of("the heron report"), "ok", Optional.empty());
    try (Workspace ws = workspace()) {
      ws.sync(source, false, p -> {});
      assertThat(ws.verify(sid)).get().hasToString("open");
      assertThat(ws.transcript(sid))
          .get()
          .satisfies(
              t -> assertThat(t.exchanges().getFirst().prompt()).isEqualTo("the heron report"));
    }
  }

  @Test
  void closedOldDaysAreSettledAndNotListedAgainUnlessFull() throws Exception {
    Instant old = Instant.now().minus(Duration.ofDays(5));
    String settled = bucket.session(old.minus(Duration.ofDays(1)), "another day, all closed", "ok");
    bucket.session(old, "an old closed session", "ok");
    bucket.session(old, List.of("an old open session"), "ok", Optional.empty());
    try (Workspace ws = workspace()) {
      var first = ws.sync(source, false, p -> {});
      // the key, then per session a segment and (when closed) its manifest
      assertThat(first.listed()).isEqualTo(1 + 2 + 1 + 2);

      // the day with an open session is listed again, the closed day is not
      var second = ws.sync(source, false, p -> {});
      assertThat(second.listed()).isEqualTo(1 + 2 + 1);
      bucket.delete(bucket.layout.segmentKey(settled, 0));
      assertThat(ws.sync(source, false, p -> {}).broken()).isZero();

      var full = ws.sync(source, true, p -> {});
      assertThat(full.broken()).isEqualTo(1);
      assertThat(ws.session(settled).orElseThrow().integrity()).contains("missing");
    }
  }

  @Test
  void aSessionUploadedLateIntoASettledDayIsFoundWithoutAFullSync() throws Exception {
    Instant old = Instant.now().minus(Duration.ofDays(5));
    bucket.session(old, "closed before the outage", "ok");
    try (Workspace ws = workspace()) {
      ws.sync(source, false, p -> {});
      assertThat(ws.sync(source, false, p -> {}).listed())
          .as("the settled day is not listed again")
          .isEqualTo(1);

      // a gateway's backlog, uploaded once S3 is back, lands in the day its session started
      String late = bucket.session(old.plusSeconds(60), "uploaded after the outage", "ok");
      var sync = ws.sync(source, false, p -> {});

      assertThat(sync.downloaded()).isEqualTo(2);
      assertThat(ws.session(late).orElseThrow().integrity()).isEqualTo("verified");
      assertThat(ws.sync(source, false, p -> {}).listed()).isEqualTo(1);
    }
  }

  @Test
  void progressReportsEveryPhaseInOrder() throws Exception {
    for (int i = 0; i < 30; i++) {
      bucket.session(Instant.now(), "session number " + i, "ok");
    }
    List<SyncProgress> events = new ArrayList<>();
    try (Workspace ws = workspace()) {
      ws.sync(source, false, events::add);
      assertThat(ws.search(SearchQuery.of("number").limited(100)).total()).isEqualTo(30);
      assertThat(
              ws.search(SearchQuery.of("").withFilter(Facet.REPOSITORY, "acme/payments")).total())
          .isEqualTo(60);
    }
    assertThat(events.stream().map(SyncProgress::phase).distinct())
        .containsExactly(
            SyncProgress.Phase.LISTING,
            SyncProgress.Phase.DOWNLOADING,
            SyncProgress.Phase.INDEXING,
            SyncProgress.Phase.PUSHING,
            SyncProgress.Phase.DONE);
    assertThat(events)
        .filteredOn(e -> e.phase() == SyncProgress.Phase.DOWNLOADING)
        .last()
        .isEqualTo(new SyncProgress(SyncProgress.Phase.DOWNLOADING, 61, 61));
    assertThat(events)
        .filteredOn(e -> e.phase() == SyncProgress.Phase.INDEXING)
        .last()
        .isEqualTo(new SyncProgress(SyncProgress.Phase.INDEXING, 30, 30));
  }
}
