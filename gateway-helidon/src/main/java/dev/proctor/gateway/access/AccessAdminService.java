package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.proctor.access.AccessException;
import dev.proctor.access.AccessRequest;
import dev.proctor.access.AccessRequest.Actor;
import dev.proctor.format.AccessTransition;
import dev.proctor.format.Json;
import dev.proctor.gateway.identity.TokenValidator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /admin/v1/access-requests} on the admin listener: list (filtered by state), get, approve
 * {@code {duration, reason}}, deny {@code {reason}} and revoke {@code {reason}}.
 *
 * <p>Every call carries the approver's own IdP token ({@code Authorization: Bearer}). Approvers see
 * and decide the requests whose rule names one of their groups; members of an admin group see every
 * request and may revoke any grant, but decide only where they are approvers too. Errors are {@code
 * {"error": {"type", "message"}}} with the status of the refusal.
 */
public final class AccessAdminService implements HttpService {
  private static final System.Logger LOG = System.getLogger(AccessAdminService.class.getName());
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Duration FEED_INTERVAL = Duration.ofMillis(500);

  private final AccessControl access;
  private final BearerAuth auth;
  private final List<String> adminGroups;
  private final Clock clock;

  public AccessAdminService(
      AccessControl access, TokenValidator tokens, List<String> adminGroups, Clock clock) {
    this.access = requireNonNull(access, "access");
    this.auth = new BearerAuth(tokens, false);
    this.adminGroups = List.copyOf(adminGroups);
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/", this::list)
        .get("/feed", this::feed)
        .get("/{id}", this::get)
        .post("/{id}/approve", (req, res) -> decide(req, res, Action.APPROVE))
        .post("/{id}/deny", (req, res) -> decide(req, res, Action.DENY))
        .post("/{id}/revoke", (req, res) -> decide(req, res, Action.REVOKE));
  }

  private enum Action {
    APPROVE,
    DENY,
    REVOKE
  }

  private void list(ServerRequest req, ServerResponse res) {
    Optional<Actor> actor = authenticate(req, res);
    if (actor.isEmpty()) {
      return;
    }
    Optional<AccessRequest.State> state;
    try {
      state = req.query().first("state").asOptional().map(AccessRequest.State::of);
    } catch (IllegalArgumentException e) {
      Replies.error(
          res,
          400,
          "invalid_request",
          "state: expected pending, approved, denied, expired or revoked, got '"
              + req.query().first("state").get()
              + "'.");
      return;
    }
    try {
      Instant now = clock.instant();
      ArrayNode items = F.arrayNode();
      for (AccessRequest r : access.requests(true)) {
        if (mayView(actor.get(), r) && state.map(s -> r.stateAt(now) == s).orElse(true)) {
          items.add(Replies.view(r, now));
        }
      }
      Replies.send(res, 200, F.objectNode().set("access_requests", items));
    } catch (IOException | RuntimeException e) {
      unavailable(res, e);
    }
  }

  /**
   * The change feed, as server-sent events: every request the caller may see, then each one again
   * whenever it changes (including a pending request or a grant that expires), until the client
   * leaves. Each event is {@code event: access-request} with the request as its data.
   */
  private void feed(ServerRequest req, ServerResponse res) {
    Optional<Actor> actor = authenticate(req, res);
    if (actor.isEmpty()) {
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    Map<String, String> sent = new HashMap<>();
    try (OutputStream out = res.outputStream()) {
      out.write(": proctor access-request feed\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      while (true) {
        Instant now = clock.instant();
        for (AccessRequest r : access.requests(false)) {
          if (!mayView(actor.get(), r)) {
            continue;
          }
          String json = Replies.view(r, now).toString();
          if (!json.equals(sent.put(r.id(), json))) {
            out.write(
                ("event: access-request\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
          }
        }
        out.flush();
        Thread.sleep(FEED_INTERVAL);
      }
    } catch (IOException | UncheckedIOException | ServerConnectionException e) {
      LOG.log(Level.DEBUG, "feed client left: {0}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void get(ServerRequest req, ServerResponse res) {
    Optional<Actor> actor = authenticate(req, res);
    if (actor.isEmpty()) {
      return;
    }
    String id = req.path().pathParameters().get("id");
    try {
      Optional<AccessRequest> request = access.store().get(id);
      if (request.isEmpty() || !mayView(actor.get(), request.get())) {
        Replies.error(res, 404, "not_found", "There is no access request " + id + " you may see.");
        return;
      }
      Replies.send(res, 200, Replies.view(request.get(), clock.instant()));
    } catch (IOException | RuntimeException e) {
      unavailable(res, e);
    }
  }

  private void decide(ServerRequest req, ServerResponse res, Action action) {
    Optional<Actor> actor = authenticate(req, res);
    if (actor.isEmpty()) {
      return;
    }
    String id = req.path().pathParameters().get("id");
    Actor who = actor.get();
    // who may act on which request comes before what the body says, so that a caller who may not
    // decide learns that whatever they send
    try {
      checkMayAct(action, who, access.store().require(id));
    } catch (AccessException e) {
      Replies.error(res, e.httpStatus(), e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
      return;
    } catch (IOException | RuntimeException e) {
      unavailable(res, e);
      return;
    }
    JsonNode body;
    try {
      body = req.content().hasEntity() ? Json.mapper().readTree(req.content().inputStream()) : null;
    } catch (JsonProcessingException e) {
      Replies.error(
          res, 400, "invalid_request", "The body is not valid JSON: " + Json.describe(e) + ".");
      return;
    } catch (IOException e) {
      Replies.error(res, 400, "invalid_request", "The body could not be read: " + e.getMessage());
      return;
    }
    if (body == null || body.isMissingNode() || body.isNull()) {
      body = F.objectNode();
    }
    if (!body.isObject()) {
      Replies.error(res, 400, "invalid_request", "The body must be a JSON object.");
      return;
    }
    String reason = body.path("reason").asText("");
    AtomicReference<AccessRequest> before = new AtomicReference<>();
    try {
      AccessRequest next =
          switch (action) {
            case APPROVE -> {
              Duration duration = duration(body);
              yield access
                  .store()
                  .update(
                      id,
                      r -> {
                        before.set(r);
                        return r.approve(who, pick(duration, r), reason, clock.instant());
                      });
            }
            case DENY ->
                access
                    .store()
                    .update(
                        id,
                        r -> {
                          before.set(r);
                          return r.deny(who, reason, clock.instant());
                        });
            case REVOKE ->
                access
                    .store()
                    .update(
                        id,
                        r -> {
                          before.set(r);
                          checkMayAct(Action.REVOKE, who, r);
                          return r.revoke(who, reason, clock.instant());
                        });
          };
      access.transitioned(
          new AccessTransition(
              id,
              switch (action) {
                case APPROVE -> "approved";
                case DENY -> "denied";
                case REVOKE -> "revoked";
              },
              who.subject(),
              reason,
              next.requester().subject(),
              next.connection(),
              next.rule(),
              Optional.of(before.get().stateAt(clock.instant()).wireName()),
              next.state().wireName(),
              action == Action.APPROVE
                  ? next.approvals().getLast().duration().map(Duration::toString)
                  : Optional.empty()),
          next);
      LOG.log(
          Level.INFO,
          "access request {0}: {1} by {2} ({3}); now {4}",
          id,
          action.name().toLowerCase(Locale.ROOT),
          who.subject(),
          reason,
          next.state().wireName());
      Replies.send(res, 200, Replies.view(next, clock.instant()));
    } catch (AccessException e) {
      Replies.error(res, e.httpStatus(), e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
    } catch (IOException | RuntimeException e) {
      unavailable(res, e);
    }
  }

  /**
   * Throws {@link AccessException.Kind#FORBIDDEN} unless {@code who} may take {@code action} on
   * {@code r}: approving and denying need an approver of its rule other than its requester;
   * revoking, an approver of its rule or an admin.
   */
  private void checkMayAct(Action action, Actor who, AccessRequest r) throws AccessException {
    if (action != Action.REVOKE) {
      r.checkMayDecide(who);
    } else if (!r.isApprover(who) && !isAdmin(who)) {
      throw new AccessException(
          AccessException.Kind.FORBIDDEN,
          who.subject()
              + " may not revoke request "
              + r.id()
              + ": it needs an approver of rule '"
              + r.rule()
              + "' or an admin.");
    }
  }

  /** The duration an approver gave, or, when none, what the requester asked for. */
  private static Duration pick(Duration given, AccessRequest r) {
    return given.isZero() ? r.requestedDuration() : given;
  }

  private static Duration duration(JsonNode body) throws AccessException {
    JsonNode d = body.path("duration");
    if (d.isMissingNode() || d.isNull()) {
      return Duration.ZERO;
    }
    try {
      return Duration.parse(d.asText());
    } catch (DateTimeParseException e) {
      throw new AccessException(
          AccessException.Kind.INVALID,
          "duration: expected an ISO-8601 duration such as PT2H, got '" + d.asText() + "'.");
    }
  }

  private Optional<Actor> authenticate(ServerRequest req, ServerResponse res) {
    return auth.authenticate(req, res).map(c -> new Actor(c.subject(), c.groups()));
  }

  private boolean mayView(Actor actor, AccessRequest r) {
    return isAdmin(actor) || r.isApprover(actor) || r.requester().subject().equals(actor.subject());
  }

  private boolean isAdmin(Actor actor) {
    return actor.groups().stream().anyMatch(adminGroups::contains);
  }

  private static void unavailable(ServerResponse res, Exception e) {
    LOG.log(Level.ERROR, "access state unavailable: {0}", e.getMessage());
    Replies.error(
        res, 503, "unavailable", "The access requests cannot be read or written right now.");
  }
}
