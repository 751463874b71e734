package dev.proctor.gateway;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.S3Layout;
import dev.proctor.gateway.access.AccessSettings;
import dev.proctor.gateway.identity.TrustedIssuer;
import dev.proctor.gateway.masking.MaskingPolicy;
import dev.proctor.gateway.masking.MaskingSettings;
import dev.proctor.gateway.policy.PolicySettings;
import dev.proctor.gateway.proxy.ApiFamily;
import dev.proctor.gateway.proxy.Connection;
import dev.proctor.gateway.proxy.CopilotTokenSource;
import dev.proctor.gateway.proxy.Secret;
import dev.proctor.gateway.proxy.UpstreamCredential;
import dev.proctor.gateway.recording.RecordingSettings;
import dev.proctor.gateway.recording.S3Settings;
import dev.proctor.gateway.upstream.HeaderField;
import dev.proctor.gateway.upstream.OutboundProxy;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The gateway's settings, read from the {@code proctor} node of a Helidon config (YAML). Keys are
 * lower-case-dashed; {@code docs/gateway-config.md} documents each one.
 *
 * @param host address both listeners bind
 * @param port proxy listener port; 0 picks a free one
 * @param adminPort admin listener port; 0 picks a free one
 * @param signingKeyFile private JWK that signs manifests; created on first start when missing
 * @param upstreamConnections idle keep-alive connections kept per upstream host
 * @param upstreamProxy the proxy that calls to HTTPS upstreams go through
 */
public record GatewayConfig(
    String host,
    int port,
    int adminPort,
    List<Connection> connections,
    List<TrustedIssuer> issuers,
    Duration jwksRefreshMinInterval,
    RecordingSettings recording,
    S3Settings s3,
    Path signingKeyFile,
    MaskingSettings masking,
    PolicySettings policy,
    AccessSettings access,
    Duration upstreamReadTimeout,
    int upstreamConnections,
    Optional<OutboundProxy> upstreamProxy) {

  public GatewayConfig {
    requireNonNull(host, "host");
    requireNonNull(upstreamProxy, "upstreamProxy");
    connections = List.copyOf(connections);
    issuers = List.copyOf(issuers);
    if (issuers.isEmpty()) {
      throw new IllegalArgumentException("identity.issuers: [] (expected: at least one issuer)");
    }
  }

  /**
   * Reads the {@code proctor} node.
   *
   * @throws InvalidConfigException naming every key that is unknown, missing or wrong
   */
  public static GatewayConfig from(Config root) {
    return from(root, System.getenv());
  }

  /**
   * As {@link #from(Config)}, with {@code env} standing for the process environment: {@code
   * HTTPS_PROXY} and {@code NO_PROXY} (or their lower-case forms) are the defaults of {@code
   * upstream-proxy} and {@code no-proxy}.
   */
  public static GatewayConfig from(Config root, Map<String, String> env) {
    ConfigReader read = new ConfigReader();
    Set<String> unknown = ConfigSchema.unknownKeys(root);
    if (!unknown.isEmpty()) {
      read.problem(
          "unknown config "
              + (unknown.size() == 1 ? "key: " : "keys: ")
              + String.join(", ", unknown.stream().map(ConfigSchema::withSuggestion).toList())
              + " (docs/gateway-config.md lists every key)");
    }
    GatewayConfig config = null;
    try {
      config = read(root, env, read);
    } catch (ConfigException | IllegalArgumentException e) {
      read.problem(e.getMessage()); // a check that stops the reading: the last problem named
    }
    read.failIfAny();
    return config;
  }

  private static GatewayConfig read(Config root, Map<String, String> env, ConfigReader read) {
    Config proctor = root.get("proctor");
    Config identity = proctor.get("identity");
    List<String> audiences =
        identity.get("audiences").asList(String.class).orElse(List.of("proctor"));
    Duration skew = read.duration(identity.get("clock-skew"), Duration.ofSeconds(60));
    List<TrustedIssuer> issuers =
        each(
            identity.get("issuers"),
            read,
            node -> {
              String issuer = required(node, "issuer");
              read.url(node.get("issuer"), issuer);
              return Optional.of(
                  new TrustedIssuer(
                      issuer,
                      node.get("audiences").asList(String.class).orElse(audiences),
                      read.url(node.get("jwks-uri")),
                      node.get("subject-claim").asString().orElse("sub"),
                      node.get("groups-claim").asString().orElse("groups"),
                      node.get("trusted-claims").asList(String.class).orElse(List.of()),
                      read.duration(node.get("clock-skew"), skew)));
            });
    List<Connection> connections =
        each(proctor.get("connections"), read, node -> connection(node, read));

    Config rec = proctor.get("recording");
    Path spool = Path.of(rec.get("spool-dir").asString().orElse("/var/lib/proctor/spool"));
    Config s3 = rec.get("s3");
    S3Settings s3Settings =
        new S3Settings(
            read.url(s3.get("endpoint")),
            s3.get("region").asString().orElse("us-east-1"),
            read.required(s3.get("bucket")),
            s3.get("prefix").asString().orElse(""),
            read.flag(s3.get("path-style"), false),
            s3.get("access-key").asString().asOptional(),
            s3.get("secret-key").asString().asOptional(),
            read.choice(s3.get("encryption"), "none", List.of("none", "sse-s3", "sse-kms")),
            s3.get("kms-key-id").asString().asOptional());
    RecordingSettings recording =
        new RecordingSettings(
            spool,
            new S3Layout(s3Settings.prefix()),
            read.number(rec.get("segment-max-events"), 1, Integer.MAX_VALUE, 10_000),
            read.duration(rec.get("segment-max-age"), Duration.ofSeconds(5)),
            read.duration(proctor.get("sessions.idle-timeout"), Duration.ofMinutes(15)),
            read.flag(rec.get("fsync"), false));

    return new GatewayConfig(
        proctor.get("host").asString().orElse("127.0.0.1"),
        read.number(proctor.get("port"), 0, 65_535, 8080),
        read.number(proctor.get("admin-port"), 0, 65_535, 8081),
        connections,
        issuers,
        read.duration(identity.get("jwks-refresh-min-interval"), Duration.ofSeconds(30)),
        recording,
        s3Settings,
        rec.get("signing-key-file")
            .asString()
            .map(Path::of)
            .orElse(spool.resolve("signing-key.jwk.json")),
        masking(proctor.get("masking"), spool, read),
        new PolicySettings(
            proctor.get("policy.file").asString().map(Path::of),
            read.duration(proctor.get("policy.reload-interval"), Duration.ofSeconds(1))),
        new AccessSettings(
            read.duration(proctor.get("access.staleness"), Duration.ofSeconds(2)),
            read.duration(proctor.get("access.pending-ttl"), Duration.ofHours(1)),
            proctor
                .get("access.admin-groups")
                .asList(String.class)
                .orElse(List.of("proctor-admins")),
            read.url(proctor.get("access.webhook.url"))),
        read.duration(proctor.get("upstream-read-timeout"), Duration.ofMinutes(10)),
        read.number(proctor.get("upstream-connections"), 1, 100_000, 256),
        upstreamProxy(proctor, env));
  }

  private static Optional<OutboundProxy> upstreamProxy(Config proctor, Map<String, String> env) {
    Optional<String> url =
        proctor
            .get("upstream-proxy")
            .asString()
            .asOptional()
            .or(() -> environment(env, "HTTPS_PROXY"))
            .filter(u -> !u.isBlank());
    String noProxy =
        proctor
            .get("no-proxy")
            .asString()
            .asOptional()
            .or(() -> environment(env, "NO_PROXY"))
            .orElse("");
    try {
      return url.map(u -> OutboundProxy.parse(u, noProxy));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("proctor.upstream-proxy (or HTTPS_PROXY): " + e.getMessage());
    }
  }

  private static Optional<String> environment(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name))
        .or(() -> Optional.ofNullable(env.get(name.toLowerCase(Locale.ROOT))));
  }

  /**
   * {@code item} read from each node of a list; a node it cannot read is left out, and what is
   * wrong with it named.
   */
  private static <T> List<T> each(
      Config list, ConfigReader read, Function<Config, Optional<T>> item) {
    List<T> items = new ArrayList<>();
    for (Config node : list.asNodeList().orElse(List.of())) {
      try {
        item.apply(node).ifPresent(items::add);
      } catch (ConfigException | IllegalArgumentException e) {
        read.problem(e.getMessage());
      }
    }
    return items;
  }

  private static MaskingSettings masking(Config masking, Path spool, ConfigReader read) {
    return new MaskingSettings(
        masking
            .get("fingerprint-key-file")
            .asString()
            .map(Path::of)
            .orElse(spool.resolve("fingerprint.key")),
        MaskingPolicy.parse(read.choice(masking.get("request"), "mask", MASKING_POLICIES)),
        MaskingPolicy.parse(read.choice(masking.get("response"), "mask", MASKING_POLICIES)),
        masking.get("rules-file").asString().map(Path::of),
        Set.copyOf(masking.get("disabled-rules").asList(String.class).orElse(List.of())));
  }

  private static final List<String> MASKING_POLICIES = List.of("mask", "detect", "off");

  private static Optional<Connection> connection(Config node, ConfigReader read) {
    Config credential = node.get("credential");
    UpstreamCredential upstreamCredential;
    if (credential.get("copilot").exists()) {
      Config copilot = credential.get("copilot");
      upstreamCredential =
          UpstreamCredential.copilot(
              new CopilotTokenSource(
                  read.url(copilot.get("token-url"))
                      .orElse(URI.create("https://api.github.com/copilot_internal/v2/token")),
                  secret(copilot.get("github-token")).value(),
                  headerMap(copilot.get("headers")),
                  read.duration(copilot.get("refresh-margin"), Duration.ofMinutes(5)),
                  Clock.systemUTC()));
    } else {
      String header = credential.get("header").asString().orElse("Authorization");
      checkHeader(credential.get("header"), header, "");
      String prefix =
          credential
              .get("prefix")
              .asString()
              .orElse(header.equalsIgnoreCase("Authorization") ? "Bearer " : "");
      upstreamCredential = UpstreamCredential.of(header, prefix, secret(credential));
    }
    String name = required(node, "name");
    Optional<URI> upstream = read.requiredUrl(node.get("upstream"));
    String api = read.choice(node.get("api"), "", List.of("openai", "anthropic", "copilot"));
    if (upstream.isEmpty() || api.isEmpty()) {
      if (!node.get("api").exists()) {
        read.problem(node.get("api").key() + ": missing (expected openai, anthropic or copilot)");
      }
      return Optional.empty(); // what is wrong is named already
    }
    return Optional.of(
        new Connection(
            name,
            upstream.get(),
            ApiFamily.of(api),
            upstreamCredential,
            headerMap(node.get("headers"))));
  }

  /** One of {@code env}, {@code file} or {@code value} under {@code node}. */
  private static Secret secret(Config node) {
    Optional<String> env = node.get("env").asString().asOptional();
    Optional<String> file = node.get("file").asString().asOptional();
    Optional<String> value = node.get("value").asString().asOptional();
    if (env.isPresent()) {
      return Secret.env(env.get());
    } else if (file.isPresent()) {
      return Secret.file(Path.of(file.get()));
    } else if (value.isPresent()) {
      return Secret.literal(value.get());
    }
    throw new ConfigException(node.key() + ": expected one of env, file or value");
  }

  /** Header names and values sent upstream, refused at load if they could not go on the wire. */
  private static Map<String, String> headerMap(Config node) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Config field : node.asNodeList().orElse(List.of())) {
      String value = field.asString().orElse("");
      checkHeader(field, field.name(), value);
      map.put(field.name(), value);
    }
    return map;
  }

  private static void checkHeader(Config node, String name, String value) {
    try {
      new HeaderField(name, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(node.key() + ": " + e.getMessage());
    }
  }

  private static String required(Config node, String key) {
    return node.get(key)
        .asString()
        .orElseThrow(
            () -> new ConfigException(node.get(key).key() + ": missing (expected a value)"));
  }
}
