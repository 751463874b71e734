package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.BucketSettings;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.cli.IndexCli;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./proctor demo --sample-traffic N} run again over the same stack data: the new sample
 * lands in days an incremental sync no longer lists, and the workstation opens with both samples.
 */
class SampleTrafficTest {
  @TempDir Path dir;

  @Test
  void aSecondDemoSampleIsInTheIndexBesideTheFirstAndVerified() throws Exception {
    try (DevStack stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")))) {
      ProctorPaths paths = new ProctorPaths(dir.resolve("config"), dir.resolve("data"));
      stack.info().write(paths.devStackFile());
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

      DevStackMain.writeSampleTraffic(stack, 30);
      assertThat(new IndexCli(paths, quiet, quiet).run("sync")).isZero();
      DevStackMain.writeSampleTraffic(stack, 30);
      assertThat(new IndexCli(paths, quiet, quiet).run("sync")).isZero();

      try (Workspace ws =
          Workspace.open(
              paths.indexDir(),
              Workspace.Options.of(Optional.of(BucketSettings.load(paths)), System.getenv()))) {
        assertThat(ws.sessions(SearchQuery.of("").limited(100))).hasSize(60);
        assertThat(ws.search(SearchQuery.of("").limited(1)).facets().get(Facet.INTEGRITY))
            .extracting(SearchResult.FacetCount::value)
            .containsExactlyInAnyOrder("verified", "open");
      }
    }
  }
}
