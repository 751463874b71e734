package dev.proctor.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionIndex;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

  @Test
  void aTestedEndpointThatAnswersWithAnErrorIsShownWithItsMessage() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer(
        server,
        "/gateway",
        404,
        "{\"error\":{\"message\":\"the admin API listens on the admin port\",\"type\":\"x\"}}");
    answer(server, "/html", 404, "<html>Not Found</html>");
    answer(server, "/ok", 200, "{}");
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(AppServices.get("Gateway admin API", base + "/gateway"))
          .isEqualTo(
              "Gateway admin API: failed — HTTP 404 from "
                  + base
                  + "/gateway: the admin API listens on the admin port");
      assertThat(AppServices.get("Identity provider", base + "/html"))
          .isEqualTo("Identity provider: failed — HTTP 404 from " + base + "/html");
      assertThat(AppServices.get("Identity provider", base + "/ok"))
          .isEqualTo("Identity provider: ok (" + base + "/ok)");
    } finally {
      server.stop(0);
    }
  }

  private static void answer(HttpServer server, String path, int status, String body) {
    server.createContext(
        path,
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
  }
}
