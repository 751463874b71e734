package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import dev.proctor.gateway.Gateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 stopped for 60 s (override with {@code -Dproctor.outage.seconds}) while calls keep coming: no
 * call fails because of it, no exchange is lost, and the backlog drains once S3 is back.
 */
class S3OutageTest {
  private static final Duration OUTAGE =
      Duration.ofSeconds(Long.getLong("proctor.outage.seconds", 60));
  @TempDir Path dir;

  @Test
  void noExchangeIsLostWhileS3IsDown() throws Exception {
    Path s3Dir = dir.resolve("s3");
    EmbeddedS3 s3 = EmbeddedS3.start(s3Dir, 0, DevStack.BUCKET, "id", "secret");
    int s3Port = s3.endpoint().getPort();
    DevStack.Options options = DevStack.Options.ephemeral(dir.resolve("stack"));
    try (DevIdp idp = DevIdp.start(0);
        ModelSimulator simulator =
            ModelSimulator.start(0, DevStack.SIMULATOR_API_KEY, Duration.ZERO);
        Gateway gateway = Gateway.start(DevStack.gatewayConfig(options, s3, idp, simulator))) {
      String token = idp.token("alice", 600);
      HttpClient http = HttpClient.newHttpClient();
      Set<String> answered = ConcurrentHashMap.newKeySet();
      AtomicInteger failures = new AtomicInteger();

      s3.close();
      long end = System.nanoTime() + OUTAGE.toNanos();
      int n = 0;
      while (System.nanoTime() < end) {
        String prompt = "outage call " + n++;
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + gateway.port()
                                + "/c/sim-openai/v1/chat/completions"))
                    .header("Authorization", "Bearer " + token)
                    .header("X-Proctor-Session", "outage-" + (n % 5))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"sim-1\",\"stream\":"
                                + (n % 2 == 0)
                                + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                                + prompt
                                + "\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          answered.add(prompt);
        } else {
          failures.incrementAndGet();
        }
        Thread.sleep(20);
      }
      assertThat(failures).hasValue(0);
      assertThat(gateway.recorder().pendingUploads()).as("backlog while S3 is down").isPositive();
      HttpResponse<String> degraded =
          http.send(health(gateway), HttpResponse.BodyHandlers.ofString());
      assertThat(degraded.statusCode()).as("still ready: the spool keeps the calls").isEqualTo(200);
      JsonNode state = Json.mapper().readTree(degraded.body());
      assertThat(state.path("status").asText()).isEqualTo("degraded");
      assertThat(state.path("uploads_failing").path("reason").asText())
          .startsWith("S3 put v1/")
          .contains("Connection refused");
      assertThat(Instant.parse(state.path("uploads_failing").path("since").asText()))
          .isBefore(Instant.now().minus(OUTAGE).plusSeconds(10));
      assertThat(state.path("upload_lag_seconds").asDouble())
          .isGreaterThan(OUTAGE.toSeconds() - 10);

      s3 = EmbeddedS3.start(s3Dir, s3Port, DevStack.BUCKET, "id", "secret");
      gateway.recorder().closeAll("explicit");
      assertThat(gateway.recorder().awaitUploads(Duration.ofSeconds(60)))
          .as("backlog drained")
          .isTrue();
      assertThat(http.send(health(gateway), HttpResponse.BodyHandlers.ofString()).body())
          .contains("\"status\":\"ok\"")
          .doesNotContain("uploads_failing");

      List<String> recorded =
          Recordings.verifiedExchanges(
                  Recordings.sync(dir.resolve("index"), s3.endpoint(), "id", "secret"))
              .stream()
              .map(x -> x.prompt())
              .toList();
      assertThat(answered).hasSizeGreaterThan(100);
      assertThat(recorded).containsExactlyInAnyOrderElementsOf(answered);
    } finally {
      s3.close();
    }
  }

  private static HttpRequest health(Gateway gateway) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.adminPort() + "/admin/v1/health"))
        .build();
  }
}
