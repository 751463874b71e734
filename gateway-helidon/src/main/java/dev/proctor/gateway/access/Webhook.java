package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.AccessTransition;
import dev.proctor.format.Json;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Tells a chat bot or ticket system about new access requests and decisions: a JSON {@code POST} of
 * {@code {"event": "access_request.<action>", "transition": {...}, "request": {...}}} to the
 * configured URL, in the background, retried with backoff until it answers 2xx or the attempts run
 * out.
 */
public final class Webhook {
  private static final System.Logger LOG = System.getLogger(Webhook.class.getName());
  private static final int ATTEMPTS = 6;

  private final URI url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Duration firstBackoff;

  public Webhook(URI url, Duration firstBackoff) {
    this.url = requireNonNull(url, "url");
    this.firstBackoff = requireNonNull(firstBackoff, "firstBackoff");
  }

  /** Sends the notification from a virtual thread; never blocks the caller. */
  public void send(AccessTransition transition, ObjectNode request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("event", "access_request." + transition.action());
    body.set("transition", Json.mapper().valueToTree(transition));
    body.set("request", request);
    Thread.ofVirtual().name("webhook").start(() -> deliver(body.toString(), transition));
  }

  private void deliver(String body, AccessTransition transition) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        LOG.log(
            Level.WARNING,
            "webhook {0} answered {1} (attempt {2} of {3})",
            url,
            response.statusCode(),
            attempt,
            ATTEMPTS);
      } catch (IOException e) {
        LOG.log(
            Level.WARNING,
            "webhook {0} unreachable: {1} (attempt {2} of {3})",
            url,
            e.getMessage(),
            attempt,
            ATTEMPTS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff = backoff.multipliedBy(2);
    }
    LOG.log(
        Level.ERROR,
        "webhook {0}: gave up on {1} of request {2}",
        url,
        transition.action(),
        transition.requestId());
  }
}
