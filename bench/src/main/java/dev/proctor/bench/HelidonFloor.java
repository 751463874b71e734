package dev.proctor.bench;

import dev.proctor.gateway.upstream.HeaderField;
import dev.proctor.gateway.upstream.UpstreamClient;
import dev.proctor.gateway.upstream.UpstreamRequest;
import dev.proctor.gateway.upstream.UpstreamResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The floor under the gateway's latency: a Helidon SE server that relays each call to the upstream
 * with the gateway's own upstream client, and does nothing else (no token check, policy, masking or
 * recording). Run beside the gateway with the same JVM options and carrier count, it shows how much
 * of the gateway's added latency is the server framework and its threads, and how much is Proctor's
 * own work.
 *
 * <p>Arguments: port, upstream base URL, upstream API key.
 */
public final class HelidonFloor {
  private HelidonFloor() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    URI upstream = URI.create(args[1]);
    String authorization = "Bearer " + args[2];
    // the gateway's choice (Main.limitCarrierThreads): one carrier per two processors
    if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
      System.setProperty(
          "jdk.virtualThreadScheduler.parallelism",
          Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    }
    UpstreamClient client = new UpstreamClient(256, Duration.ofSeconds(5), Duration.ofSeconds(60));
    WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .connectionOptions(o -> o.tcpNoDelay(true))
        .routing(r -> r.post("/*", (req, res) -> relay(client, upstream, authorization, req, res)))
        .build()
        .start();
  }

  private static void relay(
      UpstreamClient client,
      URI upstream,
      String authorization,
      ServerRequest req,
      ServerResponse res)
      throws IOException {
    byte[] body = req.content().inputStream().readAllBytes();
    String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
    UpstreamRequest call =
        UpstreamRequest.of(
            "POST",
            upstream.resolve(req.path().rawPath()),
            List.of(
                new HeaderField("Content-Type", contentType),
                new HeaderField("Authorization", authorization)),
            body);
    try (UpstreamResponse answer = client.send(call)) {
      res.status(Status.create(answer.status()));
      answer.header("content-type").ifPresent(v -> res.header(HeaderNames.CONTENT_TYPE, v));
      if (answer.mediaType().filter("text/event-stream"::equals).isPresent()) {
        try (OutputStream out = res.outputStream()) {
          InputStream in = answer.body();
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
          }
        }
      } else {
        res.send(answer.body().readAllBytes());
      }
    }
  }
}
