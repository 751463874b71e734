package dev.proctor.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.Json;
import dev.proctor.format.ManifestSigner;
import dev.proctor.gateway.access.AccessAdminService;
import dev.proctor.gateway.access.AccessControl;
import dev.proctor.gateway.access.AccessStore;
import dev.proctor.gateway.access.ApprovalGate;
import dev.proctor.gateway.access.AuditLog;
import dev.proctor.gateway.access.RequesterService;
import dev.proctor.gateway.access.Webhook;
import dev.proctor.gateway.identity.DiscoveredIssuerKeys;
import dev.proctor.gateway.identity.TokenValidator;
import dev.proctor.gateway.masking.Masking;
import dev.proctor.gateway.observability.Metrics;
import dev.proctor.gateway.policy.PolicySource;
import dev.proctor.gateway.proxy.Connection;
import dev.proctor.gateway.proxy.ProxyService;
import dev.proctor.gateway.proxy.UndecodedRequestBodies;
import dev.proctor.gateway.proxy.UpstreamRelay;
import dev.proctor.gateway.recording.Recorder;
import dev.proctor.gateway.recording.S3ObjectStore;
import dev.proctor.gateway.recording.UploadFailure;
import dev.proctor.gateway.upstream.UpstreamClient;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running gateway: the proxy listener, the admin listener, and the recorder behind them. Built
 * from a {@link GatewayConfig}; used by {@link Main}, the dev stack and the tests.
 */
public final class Gateway implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Gateway.class.getName());
  private final WebServer server;
  private final Recorder recorder;
  private final S3ObjectStore store;
  private final PolicySource policy;
  private final UpstreamClient upstreams;

  private Gateway(
      WebServer server,
      Recorder recorder,
      S3ObjectStore store,
      PolicySource policy,
      UpstreamClient upstreams) {
    this.server = server;
    this.recorder = recorder;
    this.store = store;
    this.policy = policy;
    this.upstreams = upstreams;
  }

  /**
   * Starts a gateway.
   *
   * @throws IOException if the spool, the signing key or the policy cannot be read
   * @throws IllegalArgumentException if the policy file is not valid, listing its problems
   */
  public static Gateway start(GatewayConfig config) throws IOException {
    requireNonNull(config, "config");
    PolicySource policy = config.policy().open();
    S3ObjectStore store = new S3ObjectStore(config.s3());
    ECKey signingKey = signingKey(config.signingKeyFile());
    Recorder recorder =
        new Recorder(config.recording(), store, new ManifestSigner(signingKey), Clock.systemUTC());
    TokenValidator tokens =
        new TokenValidator(
            config.issuers(),
            new DiscoveredIssuerKeys(
                Duration.ofMinutes(15), config.jwksRefreshMinInterval(), Duration.ofHours(24)));
    Thread.ofVirtual()
        .name("proctor-issuer-keys")
        .start(
            () ->
                tokens
                    .fetchKeys()
                    .forEach(f -> LOG.log(f.fetched() ? Level.INFO : Level.WARNING, f.line())));
    UpstreamClient client =
        new UpstreamClient(
            config.upstreamConnections(),
            Duration.ofSeconds(10),
            config.upstreamReadTimeout(),
            config.upstreamProxy());
    Masking masking = Masking.load(config.masking());
    Map<String, Connection> connections = new LinkedHashMap<>();
    config.connections().forEach(c -> connections.put(c.name(), c));
    AccessControl access =
        new AccessControl(
            new AccessStore(store, config.recording().layout()),
            new AuditLog(recorder.spooledObjects(), config.recording().layout(), Clock.systemUTC()),
            config.access().webhook().map(url -> new Webhook(url, Duration.ofMillis(500))),
            Clock.systemUTC(),
            config.access().staleness(),
            config.access().pendingFor());
    RequesterService requester =
        new RequesterService(access, policy, tokens, connections.keySet(), Clock.systemUTC());
    AccessAdminService accessAdmin =
        new AccessAdminService(access, tokens, config.access().adminGroups(), Clock.systemUTC());
    Metrics metrics = new Metrics();
    metrics.gauge(
        "proctor_open_sessions",
        "Sessions open on this gateway, not yet closed and signed.",
        recorder::openSessions);
    metrics.gauge(
        "proctor_spool_pending_uploads",
        "Spool files waiting to be uploaded to S3.",
        recorder::pendingUploads);
    metrics.gauge(
        "proctor_upload_lag_seconds",
        "How long the oldest spool file waiting for upload has waited.",
        () -> recorder.uploadLag().toMillis() / 1000.0);
    metrics.gauge(
        "proctor_uploads_failing",
        "1 while uploads to S3 fail (the spool keeps the recordings meanwhile), else 0.",
        () -> recorder.uploadFailure().isPresent() ? 1 : 0);
    ProxyService proxy =
        new ProxyService(
            connections,
            tokens,
            recorder,
            new UpstreamRelay(client, metrics, masking),
            masking,
            policy,
            new ApprovalGate(access, Clock.systemUTC()),
            metrics);
    WebServer server =
        WebServer.builder()
            .host(config.host())
            .port(config.port())
            .connectionOptions(o -> o.tcpNoDelay(true))
            .contentEncoding(new UndecodedRequestBodies())
            .routing(
                routing -> {
                  proxyRouting(routing, proxy);
                  routing.register("/proctor/v1/access-requests", requester);
                  routing.any(proxy::outsideAnyConnection); // last: what no route above took
                })
            .putSocket(
                "admin",
                socket ->
                    socket
                        .host(config.host())
                        .port(config.adminPort())
                        .connectionOptions(o -> o.tcpNoDelay(true))
                        .routing(
                            routing -> {
                              adminRouting(routing, recorder, metrics);
                              routing.register("/admin/v1/access-requests", accessAdmin);
                              routing.get(
                                  "/admin/v1/keys",
                                  (req, res) -> {
                                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                                    res.send(
                                        new JWKSet(signingKey.toPublicJWK())
                                            .toString()
                                            .getBytes(StandardCharsets.UTF_8));
                                  });
                            }))
            .build()
            .start();
    Gateway gateway = new Gateway(server, recorder, store, policy, client);
    if (!server.isRunning()) {
      // Helidon logs why and returns a stopped server; without this the process went on and
      // exited with status 0, which a service manager takes for a clean stop
      try {
        gateway.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException(notListening(config));
    }
    return gateway;
  }

  /** Why the listeners did not start: which configured port another process holds, if one does. */
  static String notListening(GatewayConfig config) {
    List<String> taken = new ArrayList<>();
    for (Map.Entry<String, Integer> port :
        List.of(
            Map.entry("proctor.port", config.port()),
            Map.entry("proctor.admin-port", config.adminPort()))) {
      if (port.getValue() != 0 && !canBind(config.host(), port.getValue())) {
        taken.add(config.host() + ":" + port.getValue() + " (" + port.getKey() + ")");
      }
    }
    return taken.isEmpty()
        ? "the gateway's listeners did not start on " + config.host() + " (the log above says why)"
        : "cannot listen on " + String.join(" or ", taken) + ": another process is listening there";
  }

  private static boolean canBind(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void proxyRouting(HttpRouting.Builder routing, ProxyService proxy) {
    routing.register(proxy).get("/health", (req, res) -> res.send("ok"));
  }

  static void adminRouting(HttpRouting.Builder routing, Recorder recorder, Metrics metrics) {
    routing.get(
        "/metrics",
        (req, res) -> {
          res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          res.send(metrics.scrape());
        });
    routing.get(
        "/admin/v1/health",
        (req, res) -> {
          res.header(HeaderNames.CONTENT_TYPE, "application/json");
          res.send(health(recorder));
        });
  }

  /**
   * {@code ok} while uploads land, {@code degraded} while they fail: still a 200, since the spool
   * keeps every recording meanwhile and a restart would not bring S3 back.
   */
  static String health(Recorder recorder) {
    Optional<UploadFailure> failure = recorder.uploadFailure();
    ObjectNode health = Json.mapper().createObjectNode();
    health.put("status", failure.isEmpty() ? "ok" : "degraded");
    health.put("open_sessions", recorder.openSessions());
    health.put("pending_uploads", recorder.pendingUploads());
    health.put("upload_lag_seconds", recorder.uploadLag().toMillis() / 1000.0);
    failure.ifPresent(
        f ->
            health
                .putObject("uploads_failing")
                .put("since", f.since().toString())
                .put("reason", f.reason()));
    return health.toString();
  }

  /** Loads the manifest signing key, creating it (readable by the owner only) when missing. */
  static ECKey signingKey(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        return JWK.parse(Files.readString(file, StandardCharsets.UTF_8)).toECKey();
      } catch (ParseException | ClassCastException e) {
        throw new IOException("signing key " + file + ": expected a private EC JWK", e);
      }
    }
    ECKey key = ManifestSigner.generateKey("proctor-" + System.currentTimeMillis());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the operator secures the directory
    }
    return key;
  }

  public int port() {
    return server.port();
  }

  public int adminPort() {
    return server.port("admin");
  }

  public Recorder recorder() {
    return recorder;
  }

  @Override
  public void close() throws InterruptedException {
    server.stop();
    upstreams.close();
    policy.close();
    recorder.close();
    store.close();
  }
}
