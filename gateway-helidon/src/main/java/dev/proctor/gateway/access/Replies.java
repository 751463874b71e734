package dev.proctor.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.access.AccessRequest;
import dev.proctor.format.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The JSON answers of Proctor's own APIs: access requests as they are shown, and errors as {@code
 * {"error": {"type", "message"}}}.
 */
final class Replies {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Replies() {}

  /** A request as the APIs show it: its JSON, with the state it has at {@code now}. */
  static ObjectNode view(AccessRequest r, Instant now) {
    ObjectNode node = Json.mapper().valueToTree(r);
    node.put("state", r.stateAt(now).wireName());
    return node;
  }

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
