package dev.proctor.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** The JSON answers of Proctor's own APIs; errors are {@code {"error": {"type", "message"}}}. */
final class Replies {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Replies() {}

  static void error(ServerResponse res, int status, String type, String message) {
    send(
        res,
        status,
        F.objectNode().set("error", F.objectNode().put("type", type).put("message", message)));
  }

  static void send(ServerResponse res, int status, JsonNode body) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.toString().getBytes(StandardCharsets.UTF_8));
  }
}
