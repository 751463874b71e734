package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, Prometheus metrics, and logs that name exchanges but never tokens, keys or prompts. */
class ObservabilityTest {
  @TempDir static Path dir;
  static DevStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  static final List<String> logs = new CopyOnWriteArrayList<>();
  static final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logs.add(
              r.getLoggerName()
                  + " "
                  + new java.util.logging.SimpleFormatter().formatMessage(r)
                  + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeAll
  static void start() throws Exception {
    Logger.getLogger("").addHandler(capture);
    capture.setLevel(Level.ALL);
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void metricsCountExchangesAndRejectionsAndLogsCarryNoSecrets() throws Exception {
    String token = stack.idp().token("alice", 300);
    String prompt = "my-very-private-prompt-text";
    assertThat(chat(token, prompt).statusCode()).isEqualTo(200);
    assertThat(chat("forged." + token.substring(token.indexOf('.') + 1), prompt).statusCode())
        .isEqualTo(401);

    String metrics = get("/metrics");
    assertThat(metrics)
        .contains(
            "proctor_exchanges_total{connection=\"sim-openai\",api=\"openai.chat\",outcome=\"completed\"} 1")
        .contains("proctor_rejected_total{connection=\"sim-openai\",status=\"401\"} 1")
        .contains("proctor_exchange_duration_seconds_count{connection=\"sim-openai\"} 1")
        .contains(
            "proctor_time_to_first_byte_seconds_bucket{connection=\"sim-openai\",le=\"+Inf\"} 1")
        .contains("# TYPE proctor_spool_pending_uploads gauge")
        .contains("# HELP proctor_spool_pending_uploads Spool files waiting to be uploaded to S3.")
        .contains("\nproctor_uploads_failing 0\n");
    assertThat(get("/admin/v1/health")).contains("\"status\":\"ok\"");

    assertThat(logs)
        .anyMatch(
            l ->
                l.contains("exchange sid=")
                    && l.contains(" subject=alice connection=sim-openai api=openai.chat status=200")
                    && l.contains("outcome=completed"));
    assertThat(logs)
        .as("a forged token's subject is not believed")
        .anyMatch(
            l ->
                l.contains(
                    "rejected subject=- connection=sim-openai status=401 reason=unauthenticated"));
    assertThat(logs)
        .noneMatch(
            l -> l.contains(token) || l.contains(token.substring(token.lastIndexOf('.') + 1)));
    assertThat(logs).noneMatch(l -> l.contains(prompt) || l.contains(DevStack.SIMULATOR_API_KEY));
  }

  private static HttpResponse<String> chat(String token, String prompt) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(stack.info().connections().getFirst().baseUrl() + "/chat/completions"))
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt
                        + "\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.info().gateway().adminUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
