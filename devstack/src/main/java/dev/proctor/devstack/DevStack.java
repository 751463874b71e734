package dev.proctor.devstack;

import dev.proctor.format.S3Layout;
import dev.proctor.gateway.Gateway;
import dev.proctor.gateway.GatewayConfig;
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
import dev.proctor.index.StackInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole product minus the workstation, on one machine: embedded S3, the dev IdP, the model
 * simulator and a gateway wired to them. {@code ./proctor dev-stack} runs one; the end-to-end tests
 * start one on free ports.
 */
public final class DevStack implements AutoCloseable {
  public static final String BUCKET = "proctor";
  public static final String REGION = "us-east-1";
  public static final String S3_ACCESS_KEY = "proctor-dev";
  public static final String S3_SECRET_KEY = "proctor-dev-secret";

  /** The upstream key the gateway injects and the simulator demands; clients never see it. */
  public static final String SIMULATOR_API_KEY = "sim-upstream-key";

  private final EmbeddedS3 s3;
  private final DevIdp idp;
  private final ModelSimulator simulator;
  private final Gateway gateway;
  private final Options options;

  private DevStack(
      EmbeddedS3 s3, DevIdp idp, ModelSimulator simulator, Gateway gateway, Options options) {
    this.s3 = s3;
    this.idp = idp;
    this.simulator = simulator;
    this.gateway = gateway;
    this.options = options;
  }

  /**
   * Ports and timings of a stack.
   *
   * @param dataDir holds the S3 files, the spool and the signing key
   * @param idleTimeout how long an idle session stays open
   * @param segmentMaxAge how soon a live session's events reach S3
   * @param masking what the gateway does with secrets, in both directions
   * @param access just-in-time approval settings
   */
  /** Approvers wait up to an hour; the security group administers access requests. */
  static final AccessSettings DEV_ACCESS =
      new AccessSettings(Duration.ofSeconds(2), Duration.ofHours(1), List.of("security"));

  public record Options(
      Path dataDir,
      int gatewayPort,
      int adminPort,
      int s3Port,
      int idpPort,
      int simulatorPort,
      Duration tokenDelay,
      Duration idleTimeout,
      Duration segmentMaxAge,
      MaskingPolicy masking,
      AccessSettings access) {

    /** The fixed ports of DESIGN.md, for {@code ./proctor dev-stack}. */
    public static Options standard(Path dataDir) {
      return new Options(
          dataDir,
          8080,
          8081,
          9000,
          9100,
          9200,
          Duration.ofMillis(30),
          Duration.ofSeconds(30),
          Duration.ofSeconds(2),
          MaskingPolicy.MASK,
          DEV_ACCESS);
    }

    /** Free ports and quick timings, for tests. */
    public static Options ephemeral(Path dataDir) {
      return new Options(
          dataDir,
          0,
          0,
          0,
          0,
          0,
          Duration.ofMillis(2),
          Duration.ofMillis(500),
          Duration.ofMillis(300),
          MaskingPolicy.MASK,
          DEV_ACCESS);
    }

    public Options withMasking(MaskingPolicy policy) {
      return new Options(
          dataDir,
          gatewayPort,
          adminPort,
          s3Port,
          idpPort,
          simulatorPort,
          tokenDelay,
          idleTimeout,
          segmentMaxAge,
          policy,
          access);
    }

    public Options withAccess(AccessSettings settings) {
      return new Options(
          dataDir,
          gatewayPort,
          adminPort,
          s3Port,
          idpPort,
          simulatorPort,
          tokenDelay,
          idleTimeout,
          segmentMaxAge,
          masking,
          settings);
    }
  }

  public static DevStack start(Options options) throws Exception {
    EmbeddedS3 s3 = null;
    DevIdp idp = null;
    ModelSimulator simulator = null;
    try {
      s3 =
          EmbeddedS3.start(
              options.dataDir().resolve("s3"),
              options.s3Port(),
              BUCKET,
              S3_ACCESS_KEY,
              S3_SECRET_KEY);
      idp = DevIdp.start(options.idpPort());
      simulator =
          ModelSimulator.start(options.simulatorPort(), SIMULATOR_API_KEY, options.tokenDelay());
      Gateway gateway = Gateway.start(gatewayConfig(options, s3, idp, simulator));
      return new DevStack(s3, idp, simulator, gateway, options);
    } catch (Exception e) {
      closeAll(simulator, idp, s3);
      throw e;
    }
  }

  static GatewayConfig gatewayConfig(
      Options options, EmbeddedS3 s3, DevIdp idp, ModelSimulator simulator) throws IOException {
    URI upstream = URI.create(simulator.url());
    List<Connection> connections =
        List.of(
            new Connection(
                "sim-openai",
                upstream,
                ApiFamily.OPENAI,
                UpstreamCredential.of(
                    "Authorization", "Bearer ", Secret.literal(SIMULATOR_API_KEY))),
            new Connection(
                "sim-anthropic",
                upstream,
                ApiFamily.ANTHROPIC,
                UpstreamCredential.of("x-api-key", "", Secret.literal(SIMULATOR_API_KEY))),
            new Connection(
                "sim-copilot",
                upstream,
                ApiFamily.OPENAI,
                UpstreamCredential.copilot(
                    new CopilotTokenSource(
                        URI.create(simulator.url() + "/copilot_internal/v2/token"),
                        Secret.literal(ModelSimulator.GITHUB_TOKEN).value(),
                        Map.of("Editor-Version", "proctor/0.1"),
                        Duration.ofSeconds(60),
                        Clock.systemUTC())),
                Map.of(
                    "Copilot-Integration-Id", "vscode-chat", "Editor-Version", "vscode/1.95.0")));
    TrustedIssuer corp =
        new TrustedIssuer(
            idp.issuer(),
            List.of(DevIdp.AUDIENCE),
            Optional.empty(),
            "sub",
            "groups",
            List.of("repository", "environment", "ref"),
            Duration.ofSeconds(30));
    Path spool = options.dataDir().resolve("spool");
    S3Settings s3Settings =
        new S3Settings(
            Optional.of(s3.endpoint()),
            REGION,
            BUCKET,
            "",
            true,
            Optional.of(s3.accessKey()),
            Optional.of(s3.secretKey()),
            "none",
            Optional.empty());
    return new GatewayConfig(
        "127.0.0.1",
        options.gatewayPort(),
        options.adminPort(),
        connections,
        List.of(corp),
        Duration.ofSeconds(1),
        new RecordingSettings(
            spool, new S3Layout(""), 1000, options.segmentMaxAge(), options.idleTimeout(), false),
        s3Settings,
        options.dataDir().resolve("signing-key.jwk.json"),
        MaskingSettings.of(options.dataDir().resolve("fingerprint.key"), options.masking()),
        PolicySettings.of(devPolicy(options.dataDir())),
        options.access(),
        Duration.ofMinutes(10),
        64,
        Optional.empty()); // the simulator is plain HTTP, which never goes through a proxy
  }

  /**
   * The dev policy ({@code dev-policy.yaml}), written to the data directory the first time, so that
   * a developer can edit it and watch the gateway reload it.
   */
  static Path devPolicy(Path dataDir) throws IOException {
    Path file = dataDir.resolve("policy.yaml");
    if (!Files.exists(file)) {
      Files.createDirectories(dataDir);
      try (InputStream in = DevStack.class.getResourceAsStream("dev-policy.yaml")) {
        Files.copy(in, file);
      }
    }
    return file;
  }

  /**
   * Another gateway on the same bucket, identity provider and simulator, with its own ports and
   * spool under {@code dataDir}: a second replica. The caller closes it.
   */
  public Gateway startReplica(Path dataDir) throws Exception {
    Options replica =
        Options.ephemeral(dataDir).withMasking(options.masking()).withAccess(options.access());
    GatewayConfig config = gatewayConfig(replica, s3, idp, simulator);
    Files.copy(
        devPolicy(options.dataDir()),
        config.policy().file().orElseThrow(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return Gateway.start(config);
  }

  public StackInfo info() {
    String gatewayUrl = "http://127.0.0.1:" + gateway.port();
    return new StackInfo(
        new StackInfo.Gateway(gatewayUrl, "http://127.0.0.1:" + gateway.adminPort()),
        List.of(
            new StackInfo.ConnectionInfo("sim-openai", "openai", gatewayUrl + "/c/sim-openai/v1"),
            new StackInfo.ConnectionInfo(
                "sim-anthropic", "anthropic", gatewayUrl + "/c/sim-anthropic"),
            new StackInfo.ConnectionInfo("sim-copilot", "copilot", gatewayUrl + "/c/sim-copilot")),
        new StackInfo.S3(
            s3.endpoint().toString(),
            BUCKET,
            REGION,
            s3.accessKey(),
            s3.secretKey(),
            "",
            options.dataDir().resolve("s3").toString()),
        new StackInfo.Idp(
            idp.issuer(),
            idp.jwksUrl(),
            idp.tokenEndpoint(),
            DevIdp.USERS.keySet().stream().sorted().toList(),
            DevIdp.AUDIENCE),
        new StackInfo.Simulator(simulator.url()),
        options.dataDir().resolve("fingerprint.key").toString());
  }

  public Gateway gateway() {
    return gateway;
  }

  public DevIdp idp() {
    return idp;
  }

  public ModelSimulator simulator() {
    return simulator;
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.close();
    } finally {
      closeAll(simulator, idp, s3);
    }
  }

  private static void closeAll(AutoCloseable... parts) throws Exception {
    Exception first = null;
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
