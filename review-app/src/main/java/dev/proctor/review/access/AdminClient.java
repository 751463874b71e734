package dev.proctor.review.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.access.AccessRequest;
import dev.proctor.format.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway's admin API over HTTP: {@code /admin/v1/access-requests} and its server-sent-event
 * feed, each call with the approver's own bearer token. A refusal becomes an {@link
 * AdminApiException} carrying the API's message.
 */
public final class AdminClient implements AccessSource {
  private final URI base;
  private final Supplier<Optional<String>> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param adminUrl the admin listener, e.g. {@code http://127.0.0.1:8081}
   * @param token the signed-in user's access token, fresh; empty when signed out
   */
  public AdminClient(URI adminUrl, Supplier<Optional<String>> token) {
    this.base = URI.create(adminUrl.toString().replaceAll("/+$", "") + "/admin/v1/access-requests");
    this.token = token;
  }

  @Override
  public AutoCloseable follow(
      Runnable onOpen, Consumer<AccessRequest> onChange, Consumer<Exception> onError) {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicReference<InputStream> stream = new AtomicReference<>();
    Thread.ofVirtual()
        .name("proctor-access-feed")
        .start(
            () -> {
              try {
                HttpResponse<InputStream> response =
                    http.send(
                        request("/feed").header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                  throw refusal(
                      response.statusCode(),
                      new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                stream.set(response.body());
                onOpen.run();
                read(response.body(), onChange);
                if (!closed.get()) {
                  onError.accept(new IOException("The gateway closed the access-request feed."));
                }
              } catch (Exception e) {
                if (!closed.get()) {
                  onError.accept(e);
                }
              }
            });
    return () -> {
      closed.set(true);
      InputStream in = stream.get();
      if (in != null) {
        in.close();
      }
    };
  }

  /** Server-sent events: each {@code data:} of an {@code access-request} event is a request. */
  private static void read(InputStream body, Consumer<AccessRequest> onChange) throws IOException {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            onChange.accept(Json.mapper().readValue(data.toString(), AccessRequest.class));
            data.setLength(0);
          }
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    }
  }

  @Override
  public AccessRequest approve(String id, Duration duration, String reason)
      throws IOException, InterruptedException {
    var body = Json.mapper().createObjectNode().put("reason", reason);
    if (!duration.isZero()) {
      body.put("duration", duration.toString());
    }
    return decide(id, "approve", body.toString());
  }

  @Override
  public AccessRequest deny(String id, String reason) throws IOException, InterruptedException {
    return decide(id, "deny", Json.mapper().createObjectNode().put("reason", reason).toString());
  }

  @Override
  public AccessRequest revoke(String id, String reason) throws IOException, InterruptedException {
    return decide(id, "revoke", Json.mapper().createObjectNode().put("reason", reason).toString());
  }

  private AccessRequest decide(String id, String action, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request("/" + id + "/" + action)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw refusal(response.statusCode(), response.body());
    }
    return Json.mapper().readValue(response.body(), AccessRequest.class);
  }

  private HttpRequest.Builder request(String path) throws AdminApiException {
    String bearer =
        token
            .get()
            .orElseThrow(
                () ->
                    new AdminApiException(
                        401, "unauthenticated", "Sign in to see and decide access requests."));
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + bearer)
        .timeout(Duration.ofSeconds(30));
  }

  private static AdminApiException refusal(int status, String body) {
    try {
      JsonNode error = Json.mapper().readTree(body).path("error");
      if (error.hasNonNull("message")) {
        return new AdminApiException(
            status, error.path("type").asText("error"), error.get("message").asText());
      }
    } catch (IOException e) {
      // not the API's error shape: say what came back
    }
    return new AdminApiException(
        status, "error", "The gateway answered HTTP " + status + " to the admin call.");
  }
}
