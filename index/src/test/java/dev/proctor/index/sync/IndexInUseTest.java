package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.cli.IndexCli;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workstation keeps the index open for writing while it runs; the command line still searches
 * it, and a second writer is told who holds it.
 */
class IndexInUseTest {
  @TempDir Path data;

  @Test
  void whileTheWorkstationHoldsTheIndexTheCommandLineSearchesItsLastCommit() throws Exception {
    Path indexDir = new ProctorPaths(data.resolve("config"), data).indexDir();
    try (TestBucket bucket = new TestBucket();
        S3RecordingSource source = bucket.source();
        Workspace workstation = Workspace.open(indexDir, Workspace.Options.defaults())) {
      String sid = bucket.session(Instant.now(), "the pelican brief", "ok");
      workstation.sync(source, false, p -> {});

      assertThatThrownBy(() -> Workspace.open(indexDir, Workspace.Options.defaults()))
          .isInstanceOf(SessionIndex.IndexInUseException.class)
          .hasMessage(
              "the local index is open in another Proctor process (the workstation, or a sync);"
                  + " sync from there, or close it and try again");
      try (Workspace reader = Workspace.openReadOnly(indexDir, Workspace.Options.defaults())) {
        assertThat(reader.search(SearchQuery.of("pelican")).hits())
            .extracting(h -> h.session().sid())
            .containsExactly(sid);
        assertThatThrownBy(() -> reader.sync(source, false, p -> {}))
            .isInstanceOf(IllegalStateException.class);
      }

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          new IndexCli(
                  new ProctorPaths(data.resolve("config"), data),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8))
              .run("search", "pelican");
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains(sid).contains("[pelican]");
    }
  }
}
