package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.BucketSettings;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.sync.S3RecordingSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few hundred generated sessions, synced: verified, and varied the way a team's traffic is. */
class TrafficGeneratorTest {
  @TempDir Path dir;

  @Test
  void aSmallSampleIsVerifiedAndSpreadOverUsersModelsAndDays() throws Exception {
    try (EmbeddedS3 s3 = startS3()) {
      TrafficGenerator.Summary written;
      Instant now = Instant.now();
      try (TrafficGenerator generator =
          new TrafficGenerator(s3.endpoint(), s3.accessKey(), s3.secretKey(), DevStack.BUCKET)) {
        written = generator.write(200, now.minus(Duration.ofDays(7)), now, now.getEpochSecond(), 4);
      }
      try (Workspace ws = Workspace.open(dir.resolve("ws"), Workspace.Options.defaults());
          S3RecordingSource source = source(s3)) {
        var report = ws.sync(source, false, p -> {});
        assertThat(report.sessions()).isEqualTo(200);
        assertThat(report.broken()).isZero();
        assertThat(report.open()).isEqualTo((int) written.open());

        SearchResult all = ws.search(SearchQuery.of("").limited(1));
        assertThat(all.total()).isEqualTo(written.messages());
        assertThat(all.facets().get(Facet.USER))
            .extracting(SearchResult.FacetCount::value)
            .containsExactlyInAnyOrder("alice", "bob", "carol", "dave");
        assertThat(all.facets().get(Facet.USER))
            .allSatisfy(c -> assertThat(c.count()).isGreaterThan(written.messages() / 8));
        assertThat(all.facets().get(Facet.MODEL)).hasSize(3);
        assertThat(all.facets().get(Facet.FINDING_RULE))
            .extracting(SearchResult.FacetCount::value)
            .containsExactly("aws-access-key-id");
        List<String> days =
            ws.sessions(SearchQuery.of("").limited(500)).stream()
                .map(s -> s.started().toString().substring(0, 10))
                .distinct()
                .toList();
        assertThat(days).hasSizeGreaterThanOrEqualTo(7);
      }
    }
  }

  @Test
  void aSecondSampleIntoTheSameBucketLeavesTheFirstVerified() throws Exception {
    try (EmbeddedS3 s3 = startS3()) {
      Instant now = Instant.now();
      for (long seed : new long[] {1, 2}) {
        try (TrafficGenerator generator =
            new TrafficGenerator(s3.endpoint(), s3.accessKey(), s3.secretKey(), DevStack.BUCKET)) {
          generator.write(20, now.minus(Duration.ofDays(7)), now, seed, 2);
        }
      }
      try (Workspace ws = Workspace.open(dir.resolve("ws"), Workspace.Options.defaults());
          S3RecordingSource source = source(s3)) {
        var report = ws.sync(source, false, p -> {});
        assertThat(report.sessions()).isEqualTo(40);
        assertThat(report.broken()).isZero();
      }
    }
  }

  private EmbeddedS3 startS3() throws Exception {
    return EmbeddedS3.start(
        dir.resolve("s3"), 0, DevStack.BUCKET, DevStack.S3_ACCESS_KEY, DevStack.S3_SECRET_KEY);
  }

  private static S3RecordingSource source(EmbeddedS3 s3) {
    return new S3RecordingSource(
        new BucketSettings(
            Optional.of(s3.endpoint()),
            DevStack.REGION,
            DevStack.BUCKET,
            "",
            Optional.of(s3.accessKey()),
            Optional.of(s3.secretKey())));
  }
}
