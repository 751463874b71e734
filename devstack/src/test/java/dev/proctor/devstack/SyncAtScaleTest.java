package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Json;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.cli.IndexCli;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionSummary;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The traffic generator writes 10,000 sessions to the embedded S3; {@code proctor sync} is killed
 * (SIGKILL) part-way through indexing, and the next sync finishes the job without fetching again
 * what had landed and without duplicating a session or a message.
 */
class SyncAtScaleTest {
  static final int SESSIONS = 10_000;
  static final Pattern PROGRESS = Pattern.compile("(\\d+)% indexing");

  @TempDir Path dir;

  @Test
  void tenThousandSessionsSyncAndAKilledSyncResumesWithoutDuplicates() throws Exception {
    try (EmbeddedS3 s3 =
        EmbeddedS3.start(
            dir.resolve("s3"),
            0,
            DevStack.BUCKET,
            DevStack.S3_ACCESS_KEY,
            DevStack.S3_SECRET_KEY)) {
      TrafficGenerator.Summary written;
      try (TrafficGenerator generator =
          new TrafficGenerator(s3.endpoint(), s3.accessKey(), s3.secretKey(), DevStack.BUCKET)) {
        Instant now = Instant.now();
        written = generator.write(SESSIONS, now.minus(Duration.ofDays(10)), now, 42, 8);
      }
      Path home = dir.resolve("home");
      ProctorPaths paths = new ProctorPaths(home.resolve("config"), home.resolve("data"));
      Files.createDirectories(paths.config());
      Json.mapper()
          .writeValue(
              paths.config().resolve("index.json").toFile(),
              Map.of(
                  "endpoint", s3.endpoint().toString(),
                  "bucket", DevStack.BUCKET,
                  "access_key", s3.accessKey(),
                  "secret_key", s3.secretKey()));

      int killedAt = syncAndKillWhileIndexing(home);
      assertThat(killedAt).as("killed part-way through indexing").isBetween(1, 99);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code =
          new IndexCli(paths, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
              .run("sync");
      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(report).isZero();
      Matcher m =
          Pattern.compile("synced (\\d+) of (\\d+) objects; (\\d+) sessions? indexed")
              .matcher(report);
      assertThat(m.find()).as(report).isTrue();
      assertThat(Long.parseLong(m.group(2))).isEqualTo(written.objects());
      assertThat(Long.parseLong(m.group(1)))
          .as("downloads that had landed are not fetched again")
          .isLessThan(written.objects() / 10);
      assertThat(Integer.parseInt(m.group(3)))
          .as("sessions indexed before the kill are not redone")
          .isLessThan(SESSIONS);

      try (Workspace ws = Workspace.open(paths.indexDir(), Workspace.Options.defaults())) {
        List<SessionSummary> sessions = ws.sessions(SearchQuery.of("").limited(SESSIONS + 100));
        Set<String> sids = new HashSet<>();
        sessions.forEach(s -> sids.add(s.sid()));
        assertThat(sessions).hasSize(SESSIONS);
        assertThat(sids).hasSize(SESSIONS);
        assertThat(ws.search(SearchQuery.of("").limited(1)).total())
            .as("messages, each once")
            .isEqualTo(written.messages());
        var integrity = ws.search(SearchQuery.of("").limited(1)).facets().get(Facet.INTEGRITY);
        assertThat(integrity)
            .containsExactlyInAnyOrder(
                new dev.proctor.index.search.SearchResult.FacetCount(
                    "verified", written.messages() - messagesOfOpenSessions(ws)),
                new dev.proctor.index.search.SearchResult.FacetCount(
                    "open", messagesOfOpenSessions(ws)));
        assertThat(
                ws.sessions(
                    SearchQuery.of("").withFilter(Facet.INTEGRITY, "open").limited(SESSIONS)))
            .hasSize((int) written.open());
      }
    }
  }

  private static long messagesOfOpenSessions(Workspace ws) throws Exception {
    return ws.search(SearchQuery.of("").withFilter(Facet.INTEGRITY, "open").limited(1)).total();
  }

  /** Runs {@code proctor sync} in its own JVM and kills it once indexing is half done. */
  private static int syncAndKillWhileIndexing(Path home) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                IndexCli.class.getName(),
                "sync")
            .redirectErrorStream(true);
    pb.environment().put("PROCTOR_HOME", home.toString());
    Process sync = pb.start();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(sync.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Matcher m = PROGRESS.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) >= 50) {
          sync.destroyForcibly();
          sync.waitFor(30, TimeUnit.SECONDS);
          return Integer.parseInt(m.group(1));
        }
      }
    }
    sync.waitFor(30, TimeUnit.SECONDS);
    return 100;
  }
}
