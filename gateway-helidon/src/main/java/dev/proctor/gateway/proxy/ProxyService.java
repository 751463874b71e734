package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.ApiKind;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.Finding;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.SessionOpen;
import dev.proctor.gateway.access.ApprovalGate;
import dev.proctor.gateway.identity.AuthenticationException;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.identity.TokenValidator;
import dev.proctor.gateway.masking.JsonMasker;
import dev.proctor.gateway.masking.Masking;
import dev.proctor.gateway.masking.MaskingPolicy;
import dev.proctor.gateway.observability.AccessLog;
import dev.proctor.gateway.observability.Metrics;
import dev.proctor.gateway.policy.PolicyCall;
import dev.proctor.gateway.policy.PolicyRule;
import dev.proctor.gateway.policy.PolicySource;
import dev.proctor.gateway.recording.ExchangeRecording;
import dev.proctor.gateway.recording.Recorder;
import dev.proctor.gateway.recording.RecordingUnavailableException;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy path {@code /c/<connection>/...}. One call runs through these stages, in order:
 *
 * <ol>
 *   <li>connection: which upstream the path names;
 *   <li>identity: the caller's IdP token, validated;
 *   <li>policy and approval: allow, deny or hold (every call is allowed until the policy engine
 *       lands);
 *   <li>request: the body read and understood;
 *   <li>recording: {@code exchange.request} in the spool before anything goes upstream;
 *   <li>upstream: the call, with the gateway's credential, relayed back by {@link UpstreamRelay}.
 * </ol>
 */
public final class ProxyService implements HttpService {
  private static final System.Logger LOG = System.getLogger(ProxyService.class.getName());
  private static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  private static final HeaderName REASON = HeaderNames.create("X-Proctor-Reason");
  private static final HeaderName DURATION = HeaderNames.create("X-Proctor-Duration");
  private static final HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");
  private final Map<String, Connection> connections;
  private final TokenValidator tokens;
  private final Recorder recorder;
  private final UpstreamRelay relay;

  /** How much of a held call's prompt its access request keeps for approvers. */
  private static final int PROMPT_SHOWN = 2_000;

  private final Masking masking;
  private final PolicySource policy;
  private final ApprovalGate approvals;
  private final Metrics metrics;

  public ProxyService(
      Map<String, Connection> connections,
      TokenValidator tokens,
      Recorder recorder,
      UpstreamRelay relay,
      Masking masking,
      PolicySource policy,
      ApprovalGate approvals,
      Metrics metrics) {
    this.connections = Map.copyOf(connections);
    this.tokens = requireNonNull(tokens, "tokens");
    this.recorder = requireNonNull(recorder, "recorder");
    this.relay = requireNonNull(relay, "relay");
    this.masking = requireNonNull(masking, "masking");
    this.policy = requireNonNull(policy, "policy");
    this.approvals = requireNonNull(approvals, "approvals");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.any("/c/*", this::handle);
  }

  /**
   * Answers a call outside {@code /c/<connection>/}, as a client whose base URL is the gateway's
   * bare address makes: 404 in the shape of the API the call looks like, saying where the base URL
   * should point (or, for the admin API and {@code /metrics}, that they are on the admin port).
   */
  public void outsideAnyConnection(ServerRequest req, ServerResponse res) {
    String path = req.prologue().uriPath().rawPath();
    ApiFamily shape =
        req.headers().contains(ANTHROPIC_VERSION) || path.endsWith("/messages")
            ? ApiFamily.ANTHROPIC
            : ApiFamily.OPENAI;
    String shown = path.length() > 100 ? path.substring(0, 100) + "..." : path;
    String where =
        path.startsWith("/admin/") || path.equals("/metrics")
            ? " on this port: the admin API and /metrics listen on the gateway's admin port"
                + " (proctor.admin-port, 8081 unless set otherwise), not on the port clients call."
            : " on this gateway: calls go through a connection, as /c/<connection>"
                + shown
                + ". Set your client's base URL to this gateway's address followed by"
                + " /c/<connection>, and /v1 for OpenAI clients. Connections: "
                + String.join(", ", connections.keySet().stream().sorted().toList())
                + ".";
    reject(
        AccessLog.NO_SUBJECT,
        res,
        shape,
        "-",
        404,
        "outside_any_connection",
        "There is nothing at " + shown + where);
  }

  private void handle(ServerRequest req, ServerResponse res) throws IOException {
    long arrived = System.nanoTime();
    String path = req.prologue().uriPath().rawPath();
    String afterC = path.substring("/c/".length());
    int slash = afterC.indexOf('/');
    String name = slash < 0 ? afterC : afterC.substring(0, slash);
    String rest = slash < 0 ? "/" : afterC.substring(slash);

    Connection connection = connections.get(name);
    if (connection == null) {
      reject(
          AccessLog.NO_SUBJECT,
          res,
          ApiFamily.OPENAI,
          "-",
          404,
          "unknown_connection",
          "There is no connection named '"
              + name
              + "' on this gateway. Known connections: "
              + String.join(", ", connections.keySet().stream().sorted().toList())
              + ".");
      return;
    }
    ApiFamily api = connection.api();
    if (asksForWebSocket(req)) {
      // Codex tries the Responses API over a WebSocket first; only 426 sends it to HTTP at once.
      reject(
          AccessLog.NO_SUBJECT,
          res,
          api,
          name,
          426,
          "websocket_not_supported",
          "This gateway relays the API over HTTP and server-sent events, where it checks and"
              + " records every event; it does not take WebSocket connections. Use HTTP.");
      return;
    }

    Caller caller;
    try {
      caller = tokens.validate(bearerToken(req));
    } catch (AuthenticationException e) {
      reject(AccessLog.NO_SUBJECT, res, api, name, 401, "unauthenticated", e.getMessage());
      return;
    }

    ProxyRequest request;
    ApiKind kind = api.kindOf(rest);
    boolean conversation = kind != ApiKind.RAW || api.carriesConversation(rest);
    if (!conversation) {
      request = ProxyRequest.streamed(req.content().hasEntity()); // passed through as it comes
    } else
      try (InputStream in = req.content().inputStream()) {
        long announced = req.headers().contentLength().orElse(-1);
        byte[] body =
            announced >= 0 && announced <= MAX_REQUEST_BYTES
                ? in.readNBytes((int) announced) // one exact buffer, no copy
                : in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
          reject(
              caller.subject(),
              res,
              api,
              name,
              413,
              "too_large",
              "The request body is larger than " + MAX_REQUEST_BYTES + " bytes.");
          return;
        }
        List<String> codings =
            ContentCodings.named(req.headers().all(HeaderNames.CONTENT_ENCODING, List::of));
        if (!codings.isEmpty()) {
          body = ContentCodings.decode(codings, body, MAX_REQUEST_BYTES);
        }
        request = ProxyRequest.parse(kind, body, conversation);
      } catch (ContentCodings.UndecodableBodyException e) {
        reject(caller.subject(), res, api, name, e.status(), e.reasonCode(), e.getMessage());
        return;
      } catch (ProxyRequest.MalformedRequestException e) {
        reject(caller.subject(), res, api, name, 400, "malformed_body", e.getMessage());
        return;
      }

    Optional<PolicyRule> decided =
        policy.current().decide(new PolicyCall(caller, name, request.model(), rest));
    if (decided.isEmpty()) {
      reject(
          caller.subject(),
          res,
          api,
          name,
          403,
          "no_policy_rule",
          "No rule of the gateway's policy allows "
              + caller.subject()
              + " to use connection '"
              + name
              + "'. Ask your platform team for access.");
      return;
    }
    PolicyRule rule = decided.get();
    if (!rule.allow()) {
      reject(caller.subject(), res, api, name, 403, "denied_by_policy", rule.denyMessage());
      return;
    }
    if (rule.approval().isPresent()) {
      Optional<ApprovalGate.Refusal> refusal =
          approvals.check(
              caller,
              name,
              rule.name(),
              rule.approval().get(),
              req.headers().first(REASON).map(String::strip).filter(r -> !r.isEmpty()),
              requestedDuration(req),
              maskedPrompt(request));
      if (refusal.isPresent()) {
        reject(
            caller.subject(),
            res,
            api,
            name,
            refusal.get().status(),
            refusal.get().code(),
            refusal.get().message());
        return;
      }
    }
    MaskingPolicy maskRequest = rule.maskRequest().orElse(masking.request());
    MaskingPolicy maskResponse = rule.maskResponse().orElse(masking.response());

    List<Finding> findings = List.of();
    if (request.json().isPresent() && maskRequest != MaskingPolicy.OFF) {
      // The tree is masked either way, and recorded; under "detect" the original bytes go on.
      JsonMasker masker = masking.masker();
      findings =
          masker.apply(request.json().get(), Finding.Direction.REQUEST, maskRequest.action());
      if (!findings.isEmpty() && maskRequest == MaskingPolicy.MASK) {
        request = request.sending(masker.toSend(request.body(), request.json().get(), findings));
      }
    }

    ExchangeRecording recording = ExchangeRecording.none();
    if (rule.record() != RecordLevel.OFF) {
      try {
        recording =
            recorder.begin(
                sessionKey(req, caller, connection),
                () -> sessionOpen(req, caller, connection, rule),
                exchangeRequest(req, rest, request, findings),
                rule.record() == RecordLevel.FULL);
      } catch (RecordingUnavailableException e) {
        if (rule.failClosed()) {
          LOG.log(Level.ERROR, "recording unavailable, refusing the call: {0}", e.getMessage());
          reject(
              caller.subject(),
              res,
              api,
              name,
              503,
              "recording_unavailable",
              "The gateway cannot record this call right now, and its policy requires recording. "
                  + "Try again shortly, or tell your platform team.");
          return;
        }
        LOG.log(
            Level.WARNING,
            "recording unavailable; rule {0} is not fail-closed, so the call goes on unrecorded: {1}",
            rule.name(),
            e.getMessage());
      }
    }
    relay.forward(
        req,
        res,
        caller.subject(),
        connection,
        connection.target(rest, req.query().rawValue()),
        request,
        recording,
        maskResponse,
        arrived);
  }

  /**
   * The start of the call's last user message with every secret masked, whatever the rule's
   * masking: it is stored with the access request and shown to approvers.
   */
  private Optional<String> maskedPrompt(ProxyRequest request) {
    return request
        .json()
        .map(dev.proctor.format.Transcript::lastUserText)
        .filter(text -> !text.isBlank())
        .map(text -> masking.masker().scanner().mask(text).text()) // whole: a cut could split a key
        .map(masked -> masked.length() > PROMPT_SHOWN ? masked.substring(0, PROMPT_SHOWN) : masked);
  }

  private static boolean asksForWebSocket(ServerRequest req) {
    return req.headers()
        .first(HeaderNames.UPGRADE)
        .filter(v -> v.toLowerCase(Locale.ROOT).contains("websocket"))
        .isPresent();
  }

  /** {@code X-Proctor-Duration}: how long a requester asks access for (ISO-8601, e.g. PT2H). */
  private static Optional<java.time.Duration> requestedDuration(ServerRequest req) {
    try {
      return req.headers().first(DURATION).map(java.time.Duration::parse);
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String bearerToken(ServerRequest req) throws AuthenticationException {
    Optional<String> authorization =
        req.headers()
            .first(HeaderNames.AUTHORIZATION)
            .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7));
    if (authorization.isPresent()) {
      return authorization.get().substring(7).strip();
    }
    Optional<String> apiKey = req.headers().first(HeaderNames.create("x-api-key"));
    return apiKey
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .orElseThrow(
            () ->
                new AuthenticationException(
                    "No token was sent. Set your SDK's API key to an access token from your identity "
                        + "provider (for example: ./proctor dev-token alice)."));
  }

  private static String sessionKey(ServerRequest req, Caller caller, Connection connection) {
    String who = caller.issuer() + "|" + caller.subject() + "|" + connection.name() + "|";
    Optional<String> explicit = req.headers().first(HeaderNames.create("x-proctor-session"));
    if (explicit.isPresent()) {
      return "explicit|" + who + explicit.get();
    }
    Optional<String> client = req.headers().first(HeaderNames.create("vscode-sessionid"));
    if (client.isPresent()) {
      return "client|" + who + client.get();
    }
    return "implicit|" + who + req.headers().first(HeaderNames.USER_AGENT).orElse("");
  }

  private static SessionOpen sessionOpen(
      ServerRequest req, Caller caller, Connection connection, PolicyRule rule) {
    Map<String, String> clientHeaders = new LinkedHashMap<>();
    for (Header h : req.headers()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (name.startsWith("editor-")
          || name.equals("copilot-integration-id")
          || name.equals("vscode-sessionid")) {
        clientHeaders.put(name, h.values());
      }
    }
    Map<String, SessionOpen.Attribute> context = new LinkedHashMap<>();
    caller
        .attributes()
        .forEach(
            (k, v) -> context.put(k, new SessionOpen.Attribute(v, SessionOpen.Attribute.TOKEN)));
    for (String declared : new String[] {"repository", "environment"}) {
      if (!context.containsKey(declared)) {
        req.headers()
            .first(HeaderNames.create("x-proctor-" + declared))
            .ifPresent(
                v ->
                    context.put(
                        declared, new SessionOpen.Attribute(v, SessionOpen.Attribute.DECLARED)));
      }
    }
    return new SessionOpen(
        new SessionOpen.Identity(
            caller.issuer(),
            caller.subject(),
            caller.name(),
            caller.email(),
            caller.groups(),
            caller.attributes()),
        new SessionOpen.Client(
            req.headers().first(HeaderNames.USER_AGENT).orElse(""),
            clientHeaders,
            req.remotePeer().host()),
        connection.name(),
        context,
        rule.name(),
        rule.record());
  }

  private static ExchangeRequest exchangeRequest(
      ServerRequest req, String path, ProxyRequest request, List<Finding> findings) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : req.headers()) {
      if (HeaderRules.recordRequest(h.name())) {
        headers.put(h.name().toLowerCase(Locale.ROOT), h.values());
      }
    }
    return new ExchangeRequest(
        req.prologue().method().text(),
        path,
        request.api(),
        request.model(),
        request.stream(),
        headers,
        request.api() == ApiKind.RAW && request.json().isEmpty()
            ? Optional.empty()
            : request.recordedBody(),
        findings);
  }

  /**
   * Refuses a call: counted, logged with {@code subject} ({@link AccessLog#NO_SUBJECT} before a
   * token was valid) and answered in the API's own error shape.
   */
  private void reject(
      String subject,
      ServerResponse res,
      ApiFamily api,
      String connection,
      int status,
      String reason,
      String message) {
    metrics.rejected(connection, status);
    AccessLog.rejected(subject, connection, status, reason);
    fail(res, api, status, message);
  }

  static void fail(ServerResponse res, ApiFamily api, int status, String message) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(api.error(status, message).toString().getBytes(StandardCharsets.UTF_8));
  }
}
