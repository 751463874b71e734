package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.proctor.access.AccessRequest;
import dev.proctor.format.Json;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.identity.TokenValidator;
import dev.proctor.gateway.policy.PolicyCall;
import dev.proctor.gateway.policy.PolicyRule;
import dev.proctor.gateway.policy.PolicySource;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /proctor/v1/access-requests} on the gateway's main port, for requesters: {@code POST
 * {connection, reason, duration}} asks for access ahead of a call (or joins the pending request),
 * and {@code GET /{id}} tells its state. The caller authenticates with the same token as for model
 * calls ({@code Authorization: Bearer} or {@code x-api-key}).
 */
public final class RequesterService implements HttpService {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final AccessControl access;
  private final PolicySource policy;
  private final BearerAuth auth;
  private final Set<String> connections;
  private final Clock clock;

  public RequesterService(
      AccessControl access,
      PolicySource policy,
      TokenValidator tokens,
      Set<String> connections,
      Clock clock) {
    this.access = requireNonNull(access, "access");
    this.policy = requireNonNull(policy, "policy");
    this.auth = new BearerAuth(tokens, true);
    this.connections = Set.copyOf(connections);
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/", this::create).get("/{id}", this::get);
  }

  private void create(ServerRequest req, ServerResponse res) {
    Optional<Caller> caller = authenticate(req, res);
    if (caller.isEmpty()) {
      return;
    }
    JsonNode body;
    try {
      body = Json.mapper().readTree(req.content().inputStream());
    } catch (JsonProcessingException e) {
      Replies.error(
          res, 400, "invalid_request", "The body is not valid JSON: " + Json.describe(e) + ".");
      return;
    } catch (IOException e) {
      Replies.error(res, 400, "invalid_request", "The body could not be read: " + e.getMessage());
      return;
    }
    if (body == null || !body.isObject() || !body.path("connection").isTextual()) {
      Replies.error(
          res,
          400,
          "invalid_request",
          "Expected {\"connection\": \"...\", \"reason\": \"...\", \"duration\": \"PT2H\"}.");
      return;
    }
    String connection = body.path("connection").asText();
    if (!connections.contains(connection)) {
      Replies.error(res, 404, "not_found", "There is no connection named '" + connection + "'.");
      return;
    }
    Optional<Duration> duration = Optional.empty();
    if (body.hasNonNull("duration")) {
      try {
        duration = Optional.of(Duration.parse(body.path("duration").asText()));
      } catch (DateTimeParseException e) {
        Replies.error(
            res,
            400,
            "invalid_request",
            "duration: expected an ISO-8601 duration such as PT2H, got '"
                + body.path("duration").asText()
                + "'.");
        return;
      }
    }
    Optional<PolicyRule> rule =
        policy.current().decide(new PolicyCall(caller.get(), connection, Optional.empty(), "/"));
    if (rule.isEmpty() || !rule.get().allow()) {
      Replies.error(
          res,
          403,
          "forbidden",
          "The gateway's policy does not let "
              + caller.get().subject()
              + " use connection '"
              + connection
              + "', with or without approval.");
      return;
    }
    if (rule.get().approval().isEmpty()) {
      Replies.error(
          res,
          409,
          "conflict",
          "Your calls to connection '"
              + connection
              + "' need no approval (policy rule '"
              + rule.get().name()
              + "').");
      return;
    }
    try {
      AccessRequest request =
          access.openOrJoin(
              caller.get(),
              connection,
              rule.get().name(),
              rule.get().approval().get(),
              body.path("reason").asText(""),
              duration,
              Optional.empty());
      Replies.send(res, 201, Replies.view(request, clock.instant()));
    } catch (IOException | RuntimeException e) {
      Replies.error(res, 503, "unavailable", "The access requests cannot be written right now.");
    }
  }

  private void get(ServerRequest req, ServerResponse res) {
    Optional<Caller> caller = authenticate(req, res);
    if (caller.isEmpty()) {
      return;
    }
    String id = req.path().pathParameters().get("id");
    try {
      Optional<AccessRequest> request = access.store().get(id);
      if (request.isEmpty()
          || !request.get().requester().subject().equals(caller.get().subject())) {
        Replies.error(res, 404, "not_found", "You have no access request " + id + ".");
        return;
      }
      Replies.send(res, 200, Replies.view(request.get(), clock.instant()));
    } catch (IOException | RuntimeException e) {
      Replies.error(res, 503, "unavailable", "The access requests cannot be read right now.");
    }
  }

  private Optional<Caller> authenticate(ServerRequest req, ServerResponse res) {
    return auth.authenticate(req, res);
  }
}
