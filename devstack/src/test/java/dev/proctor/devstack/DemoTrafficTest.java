package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.BucketSettings;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.FindingRecord;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.S3RecordingSource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./proctor demo} promises, against a dev stack: several users and connections, a
 * streamed answer, a tool call, an AWS key in a prompt and a GitHub token in an answer (both
 * masked, neither stored), and Carol's call waiting for an approver.
 */
class DemoTrafficTest {
  @TempDir Path dir;

  @Test
  void theDemoTrafficIsRecordedWithBothSecretsMaskedAndCarolsRequestPending() throws Exception {
    try (DevStack stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")))) {
      DemoTraffic traffic = new DemoTraffic(stack.info());

      List<DemoTraffic.Call> calls = traffic.run();
      assertThat(calls).extracting(DemoTraffic.Call::status).containsOnly(200);
      assertThat(calls)
          .extracting(c -> c.user() + "@" + c.connection())
          .contains("alice@sim-openai", "alice@sim-anthropic", "dave@sim-anthropic")
          .contains("bob@sim-copilot");

      CompletableFuture<DemoTraffic.Call> held = traffic.heldCall();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (traffic.pendingRequestsOf("carol", "bob") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(traffic.pendingRequestsOf("carol", "bob")).isEqualTo(1);
      assertThat(held).isNotDone();

      stack.gateway().recorder().closeAll("test");
      assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
      var s3 = stack.info().s3();
      try (Workspace ws = Workspace.open(dir.resolve("index"), Workspace.Options.defaults());
          S3RecordingSource source =
              new S3RecordingSource(
                  new BucketSettings(
                      Optional.of(URI.create(s3.endpoint())),
                      DevStack.REGION,
                      DevStack.BUCKET,
                      "",
                      Optional.of(s3.accessKey()),
                      Optional.of(s3.secretKey())))) {
        ws.sync(source, false, p -> {});
        List<SessionSummary> sessions = ws.sessions(SearchQuery.of("").limited(100));
        assertThat(sessions).hasSize(5).allMatch(s -> s.integrity().equals("verified"));
        assertThat(ws.findings(100))
            .extracting(f -> f.user() + " " + f.rule() + " " + f.direction() + " " + f.handling())
            .containsExactlyInAnyOrder(
                "alice aws-access-key-id request masked", "dave github-pat response masked");
        assertThat(ws.findings(100)).extracting(FindingRecord::source).containsOnly("gateway");
        assertThat(ws.sessions(SearchQuery.of("validateToken").limited(10))).hasSize(1);
      }
      // neither secret is anywhere: bucket, spool, index (segments unzipped)
      assertThat(MaskingTest.readAll(dir))
          .contains("[MASKED:aws-access-key-id:")
          .doesNotContain(DemoTraffic.AWS_KEY)
          .doesNotContain(DemoTraffic.GITHUB_TOKEN);
    }
  }
}
