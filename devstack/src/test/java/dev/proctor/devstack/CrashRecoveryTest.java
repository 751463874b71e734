package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Outcome;
import dev.proctor.format.Transcript;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the gateway in the middle of 20 concurrent streams, then a restart: every
 * exchange that completed to its client is in S3, the interrupted ones are marked so, and every
 * manifest verifies.
 */
class CrashRecoveryTest {
  private static final int STREAMS = 20;
  @TempDir Path dir;

  @Test
  void killedGatewayRecoversItsSpoolOnRestart() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, DevStack.BUCKET, "id", "secret");
        DevIdp idp = DevIdp.start(0);
        ModelSimulator simulator =
            ModelSimulator.start(0, DevStack.SIMULATOR_API_KEY, Duration.ZERO)) {
      Path config = writeConfig(s3, idp, simulator);
      String token = idp.token("alice", 600);
      Map<String, String> completed = new ConcurrentHashMap<>();
      CountDownLatch fastDone = new CountDownLatch(STREAMS / 2);
      CountDownLatch slowStarted = new CountDownLatch(STREAMS / 2);

      GatewayProcess gateway = GatewayProcess.start(config, dir.resolve("gateway.log"));
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < STREAMS; i++) {
        boolean fast = i % 2 == 0;
        String prompt = (fast ? "fast" : "slow") + " stream number " + i;
        Thread.ofVirtual()
            .start(
                () ->
                    stream(
                        http,
                        gateway.port(),
                        token,
                        prompt,
                        fast,
                        completed,
                        fast ? fastDone : slowStarted));
      }
      assertThat(fastDone.await(30, TimeUnit.SECONDS)).as("fast streams completed").isTrue();
      assertThat(slowStarted.await(30, TimeUnit.SECONDS)).as("slow streams started").isTrue();
      gateway.kill();

      assertThat(completed).hasSize(STREAMS / 2);
      try (GatewayProcess restarted = GatewayProcess.start(config, dir.resolve("gateway.log"))) {
        awaitNoPendingUploads(http, restarted.adminPort());
      }

      List<Recordings.Session> sessions =
          Recordings.sync(dir.resolve("index"), s3.endpoint(), "id", "secret");
      assertThat(sessions).hasSize(STREAMS);
      assertThat(sessions)
          .allSatisfy(
              s ->
                  assertThat(s.transcript().close())
                      .get()
                      .extracting(c -> c.reason())
                      .isEqualTo("recovered"));
      Map<String, Transcript.Exchange> byPrompt = new HashMap<>();
      Recordings.verifiedExchanges(sessions).forEach(x -> byPrompt.put(x.prompt(), x));
      completed.forEach(
          (prompt, text) -> {
            Transcript.Exchange x = byPrompt.get(prompt);
            assertThat(x).as(prompt).isNotNull();
            assertThat(x.end()).get().extracting(e -> e.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(x.responseText()).isEqualTo(text);
          });
      assertThat(byPrompt.values().stream().filter(x -> x.prompt().startsWith("slow")))
          .hasSize(STREAMS / 2)
          .allSatisfy(
              x ->
                  assertThat(x.end())
                      .get()
                      .extracting(e -> e.outcome())
                      .isEqualTo(Outcome.INTERRUPTED));
    }
  }

  private static void stream(
      HttpClient http,
      int port,
      String token,
      String prompt,
      boolean fast,
      Map<String, String> completed,
      CountDownLatch signal) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + token)
            .header("X-Proctor-Session", prompt)
            .header("x-sim-delay-ms", fast ? "0" : "300")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + prompt
                        + "\"}]}"))
            .build();
    StringBuilder text = new StringBuilder();
    boolean started = false;
    try {
      HttpResponse<java.io.InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      for (String line; (line = lines.readLine()) != null; ) {
        if (!fast && !started && line.startsWith("data:")) {
          started = true; // once per stream: every slow stream is under way before the kill
          signal.countDown();
        }
        if (line.equals("data: [DONE]")) {
          completed.put(prompt, text.toString());
          signal.countDown();
          return;
        }
        if (line.startsWith("data: {")) {
          var node = dev.proctor.format.Json.mapper().readTree(line.substring(6));
          text.append(node.at("/choices/0/delta/content").asText(""));
        }
      }
    } catch (Exception e) {
      // the gateway was killed under this stream
    }
  }

  private static void awaitNoPendingUploads(HttpClient http, int adminPort) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String health = "";
    while (System.nanoTime() < deadline) {
      health =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + adminPort + "/admin/v1/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      if (health.contains("\"pending_uploads\":0")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("uploads still pending: " + health);
  }

  private Path writeConfig(EmbeddedS3 s3, DevIdp idp, ModelSimulator simulator) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        proctor:
          port: 0
          admin-port: 0
          identity:
            issuers:
              - issuer: %s
          connections:
            - name: sim-openai
              upstream: %s
              api: openai
              credential: {value: %s}
          sessions:
            idle-timeout: PT10M
          recording:
            spool-dir: %s
            segment-max-age: PT0.2S
            s3: {endpoint: %s, bucket: %s, path-style: true, access-key: id, secret-key: secret}
        """
            .formatted(
                idp.issuer(),
                simulator.url(),
                DevStack.SIMULATOR_API_KEY,
                dir.resolve("spool"),
                s3.endpoint(),
                DevStack.BUCKET));
    return config;
  }
}
