package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Annotation;
import dev.proctor.format.Json;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two investigators' workspaces sharing annotations through the bucket. */
class AnnotationSyncTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir Path dirA;
  @TempDir Path dirB;
  TestBucket bucket;
  S3RecordingSource source;
  String sid;

  @BeforeEach
  void start() throws Exception {
    bucket = new TestBucket();
    source = bucket.source();
    sid = bucket.session(Instant.now(), "here is the key AKIAQ3ZTK7LBXW2M5RPD", "thanks");
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    bucket.close();
  }

  private static Workspace open(Path dir) throws Exception {
    return Workspace.open(dir, Workspace.Options.defaults());
  }

  private static Annotation flag(String sid, String note, String author, Instant at) {
    return Annotation.create(
        sid,
        Optional.empty(),
        Optional.empty(),
        "secret",
        Annotation.Status.OPEN,
        note,
        author,
        at);
  }

  private static long flagged(Workspace ws, String status) throws Exception {
    SearchResult r = ws.search(SearchQuery.of("").withFilter(Facet.FLAG_STATUS, status));
    return r.total();
  }

  @Test
  void anAnnotationShowsAtOnceIsPushedAndReachesTheOtherInvestigator() throws Exception {
    Annotation a = flag(sid, "AWS key pasted in a prompt", "ines", T0);
    try (Workspace ws = open(dirA)) {
      ws.sync(source, false, p -> {});
      ws.annotate(a);
      assertThat(flagged(ws, "open")).as("flag searchable before any push").isEqualTo(2);
      assertThat(ws.sync(source, false, p -> {}).pushed()).isEqualTo(1);
    }
    Annotation stored =
        Json.mapper()
            .readValue(bucket.get(bucket.layout.annotationKey(sid, a.id())), Annotation.class);
    assertThat(stored).isEqualTo(a);

    try (Workspace ws = open(dirB)) {
      ws.sync(source, false, p -> {});
      assertThat(ws.annotations(sid)).containsExactly(a);
      assertThat(ws.session(sid).orElseThrow().flags()).containsExactly("open");
      Annotation rotated =
          a.update(Annotation.Status.ROTATED, "rotated by ops", "omar", T0.plusSeconds(60));
      ws.annotate(rotated);
      var report = ws.sync(source, false, p -> {});
      assertThat(report.pushed()).as(report.toString()).isEqualTo(1);
    }
    try (Workspace ws = open(dirA)) {
      ws.sync(source, false, p -> {});
      assertThat(ws.annotations(sid))
          .singleElement()
          .satisfies(
              latest -> {
                assertThat(latest.status()).isEqualTo(Annotation.Status.ROTATED);
                assertThat(latest.createdBy()).isEqualTo("ines");
                assertThat(latest.updatedBy()).isEqualTo("omar");
              });
      assertThat(flagged(ws, "rotated")).isEqualTo(2);
      assertThat(flagged(ws, "open")).as("the old status is gone from the index").isZero();
    }
  }

  @Test
  void concurrentEditsConvergeOnTheLatest() throws Exception {
    Annotation a = flag(sid, "first look", "ines", T0);
    try (Workspace ws = open(dirA)) {
      ws.sync(source, false, p -> {});
      ws.annotate(a);
      ws.sync(source, false, p -> {});
    }
    try (Workspace wsB = open(dirB)) {
      wsB.sync(source, false, p -> {});
    }
    // both edit without syncing; ines's edit is the later one, but omar pushes first
    Annotation byInes =
        a.update(Annotation.Status.CONFIRMED_LEAK, "confirmed", "ines", T0.plusSeconds(120));
    Annotation byOmar =
        a.update(Annotation.Status.FALSE_POSITIVE, "a test key", "omar", T0.plusSeconds(60));
    try (Workspace wsA = open(dirA);
        Workspace wsB = open(dirB)) {
      wsA.annotate(byInes);
      wsB.annotate(byOmar);
      assertThat(wsB.sync(source, false, p -> {}).pushed()).isEqualTo(1);
      assertThat(wsA.sync(source, false, p -> {}).pushed())
          .as("newer, so it overwrites")
          .isEqualTo(1);
      assertThat(wsB.sync(source, false, p -> {}).pushed()).isZero();

      assertThat(wsA.annotations(sid)).containsExactly(byInes);
      assertThat(wsB.annotations(sid)).containsExactly(byInes);
      assertThat(flagged(wsB, "confirmed-leak")).isEqualTo(2);
    }
  }
}
