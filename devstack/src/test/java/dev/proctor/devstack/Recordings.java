package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Transcript;
import dev.proctor.index.BucketSettings;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.S3RecordingSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a bucket holds, read back the way an investigator would: synced, verified, indexed. */
final class Recordings {
  private Recordings() {}

  /** One synced session: its index entry and its transcript. */
  record Session(SessionSummary summary, Transcript transcript) {}

  /** Syncs the dev stack's bucket into a new workspace under {@code dir}. */
  static List<Session> sync(Path dir, URI endpoint, String accessKey, String secretKey)
      throws Exception {
    List<Session> sessions = new ArrayList<>();
    try (Workspace ws = Workspace.open(dir, Workspace.Options.defaults());
        S3RecordingSource source =
            new S3RecordingSource(
                new BucketSettings(
                    Optional.of(endpoint),
                    DevStack.REGION,
                    DevStack.BUCKET,
                    "",
                    Optional.of(accessKey),
                    Optional.of(secretKey)))) {
      ws.sync(source, false, progress -> {});
      for (SessionSummary summary : ws.sessions(SearchQuery.of("").limited(10_000))) {
        sessions.add(new Session(summary, ws.transcript(summary.sid()).orElseThrow()));
      }
    }
    return sessions;
  }

  /** Every exchange of every session, each session asserted verified. */
  static List<Transcript.Exchange> verifiedExchanges(List<Session> sessions) {
    List<Transcript.Exchange> exchanges = new ArrayList<>();
    for (Session s : sessions) {
      assertThat(s.summary().integrity()).as(s.summary().sid()).isEqualTo("verified");
      exchanges.addAll(s.transcript().exchanges());
    }
    return exchanges;
  }

  /**
   * Every exchange the stack has recorded so far, read back as an investigator would: its sessions
   * closed and uploaded, the bucket synced into a new workspace under {@code dir}, each session
   * verified.
   */
  static List<Transcript.Exchange> synced(DevStack stack, Path dir) throws Exception {
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    var s3 = stack.info().s3();
    return verifiedExchanges(sync(dir, URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey()));
  }

  /**
   * Waits until the gateway has recorded the end of at least {@code count} completed exchanges of
   * {@code api} on the stack's connection for it.
   */
  static void awaitCompleted(DevStack stack, String api, int count) throws Exception {
    String counter =
        "proctor_exchanges_total{connection=\""
            + (api.startsWith("anthropic.") ? "sim-anthropic" : "sim-openai")
            + "\",api=\""
            + api
            + "\",outcome=\"completed\"} ";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long seen = 0;
    while (System.nanoTime() < deadline) {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.info().gateway().adminUrl() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      seen =
          metrics
              .lines()
              .filter(line -> line.startsWith(counter))
              .mapToLong(line -> (long) Double.parseDouble(line.substring(counter.length())))
              .sum();
      if (seen >= count) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "exchanges did not end: " + counter + seen + " (waited for " + count + ")");
  }
}
