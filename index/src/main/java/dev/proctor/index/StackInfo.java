package dev.proctor.index;

import dev.proctor.format.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ./proctor dev-stack} prints with {@code --json} and writes to {@link
 * ProctorPaths#devStackFile()}, so that the other commands find the running stack.
 *
 * @param fingerprintKeyFile the gateway's fingerprint key, so that "was this key exposed?" compares
 *     with the fingerprints it recorded
 */
public record StackInfo(
    Gateway gateway,
    List<ConnectionInfo> connections,
    S3 s3,
    Idp idp,
    Simulator simulator,
    String fingerprintKeyFile) {

  /** The gateway's listeners. */
  public record Gateway(String url, String adminUrl) {}

  /** One connection and the base URL a client sets. */
  public record ConnectionInfo(String name, String api, String baseUrl) {}

  /** The recordings bucket. */
  public record S3(
      String endpoint,
      String bucket,
      String region,
      String accessKey,
      String secretKey,
      String prefix,
      String dataDir) {}

  /**
   * The dev identity provider.
   *
   * @param clientId the OIDC client the workstation signs in as
   */
  public record Idp(
      String issuer, String jwksUrl, String tokenEndpoint, List<String> users, String clientId) {}

  /** The model simulator. */
  public record Simulator(String url) {}

  public String toJson() {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("StackInfo is plain data", e);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, toJson());
  }

  /** Reads the file a running dev stack wrote; empty when there is none. */
  public static Optional<StackInfo> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Json.mapper().readValue(file.toFile(), StackInfo.class));
  }
}
