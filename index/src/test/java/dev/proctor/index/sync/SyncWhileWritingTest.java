package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync reads a bucket that gateways keep writing: objects appear and go while it runs. */
class SyncWhileWritingTest {
  @TempDir Path dir;

  @Test
  void anUploadStillBeingWrittenIsLeftForALaterSync() throws Exception {
    try (TestBucket bucket = TestBucket.onDisk(dir.resolve("s3"));
        S3RecordingSource source = bucket.source();
        Workspace ws = Workspace.open(dir.resolve("ws"), Workspace.Options.defaults())) {
      String sid = bucket.session(Instant.now(), "the osprey files", "ok");
      // what the store's directory holds while a gateway's upload of the next segment runs
      String uploading = bucket.layout.segmentKey(sid, 1) + "-" + UUID.randomUUID();
      Path partial = dir.resolve("s3").resolve(TestBucket.BUCKET).resolve(uploading);
      Files.write(partial, "half a segm".getBytes(StandardCharsets.UTF_8));
      assertThat(bucket.keys(bucket.layout.segmentKey(sid, 1))).containsExactly(uploading);

      SyncReport report = ws.sync(source, false, p -> {});

      assertThat(report.downloaded()).as("the key, the segment, the manifest").isEqualTo(3);
      assertThat(report.verified()).isEqualTo(1);
      assertThat(ws.session(sid).orElseThrow().integrity()).isEqualTo("verified");
      Files.delete(partial);
      assertThat(ws.sync(source, false, p -> {}).downloaded()).isZero();
    }
  }

  @Test
  void anObjectDeletedBetweenListingAndReadingCountsAsMissing() throws Exception {
    try (TestBucket bucket = new TestBucket();
        S3RecordingSource s3 = bucket.source();
        Workspace ws = Workspace.open(dir.resolve("ws"), Workspace.Options.defaults())) {
      String sid = bucket.session(Instant.now(), "the kestrel notes", "ok");
      String segment = bucket.layout.segmentKey(sid, 0);
      RecordingSource deletingAfterListing =
          new RecordingSource() {
            @Override
            public List<RemoteObject> list(String prefix) throws IOException {
              List<RemoteObject> listed = s3.list(prefix);
              if (listed.stream().anyMatch(o -> o.key().equals(segment))) {
                bucket.delete(segment);
              }
              return listed;
            }

            @Override
            public List<String> folders(String prefix) throws IOException {
              return s3.folders(prefix);
            }

            @Override
            public Optional<byte[]> get(String key) throws IOException {
              return s3.get(key);
            }

            @Override
            public Optional<String> putIfUnchanged(
                String key, byte[] bytes, Optional<String> expectedEtag) throws IOException {
              return s3.putIfUnchanged(key, bytes, expectedEtag);
            }
          };

      SyncReport report = ws.sync(deletingAfterListing, false, p -> {});

      assertThat(report.downloaded()).as("the key and the manifest").isEqualTo(2);
      assertThat(report.broken()).isEqualTo(1);
      assertThat(ws.session(sid).orElseThrow().integrity()).contains("missing");
    }
  }
}
