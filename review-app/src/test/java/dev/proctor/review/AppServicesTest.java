package dev.proctor.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppServicesTest {
  @TempDir Path dir;

  @Test
  void theWorkstationOpensTheIndexOnceASyncFromTheCommandLineHasEnded() throws Exception {
    ProctorPaths paths = new ProctorPaths(dir.resolve("config"), dir.resolve("data"));
    AppServices services;
    try (Workspace sync = Workspace.open(paths.indexDir(), Workspace.Options.defaults())) {
      services = AppServices.forPaths(paths);
      assertThatThrownBy(services::workspace).isInstanceOf(SessionIndex.IndexInUseException.class);
    }

    try (Workspace opened = services.workspace()) {
      assertThat(opened.search(SearchQuery.of("anything")).hits()).isEmpty();
    }
  }
}
