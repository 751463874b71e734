package dev.proctor.index;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bucket the index syncs from. Read from {@code <config>/index.json} when it exists, otherwise
 * from the running dev stack's endpoints file.
 *
 * <pre>
 * {"endpoint": "http://minio:9000", "region": "us-east-1", "bucket": "proctor", "prefix": "",
 *  "profile": "investigators",
 *  "trusted_keys": "/etc/proctor/manifest-keys.jwks.json", "parallel_downloads": 8,
 *  "fingerprint_key_file": "/etc/proctor/fingerprint.key"}
 * </pre>
 *
 * Credentials come from {@code profile} (a profile of the AWS config files), or {@code access_key}
 * and {@code secret_key}, or else the default AWS credential chain. Leave out the endpoint for AWS
 * itself. {@code trusted_keys} is a trust anchor: a JWK set file holding the only public keys whose
 * manifests count as verified. Without it, the keys the gateways publish under {@code v1/keys/} are
 * trusted, which proves nothing against someone who can write to the bucket.
 *
 * @param profile the AWS credentials profile, when one is named
 * @param trustedKeys the trust anchor file, when there is one
 * @param parallelism concurrent downloads during a sync
 * @param fingerprintKeyFile the gateway's fingerprint key ({@code
 *     proctor.masking.fingerprint-key-file}), so fingerprints searched here compare with the ones
 *     it recorded; {@code PROCTOR_FINGERPRINT_KEY_FILE} overrides it
 */
public record BucketSettings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    String prefix,
    Optional<String> accessKey,
    Optional<String> secretKey,
    Optional<String> profile,
    Optional<Path> trustedKeys,
    int parallelism,
    Optional<Path> fingerprintKeyFile) {

  private static final int DEFAULT_PARALLELISM = 8;

  /** Settings with no trust anchor and the default parallelism. */
  public BucketSettings(
      Optional<URI> endpoint,
      String region,
      String bucket,
      String prefix,
      Optional<String> accessKey,
      Optional<String> secretKey) {
    this(
        endpoint,
        region,
        bucket,
        prefix,
        accessKey,
        secretKey,
        Optional.empty(),
        Optional.empty(),
        DEFAULT_PARALLELISM,
        Optional.empty());
  }

  public BucketSettings {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(region, "region");
    requireNonNull(bucket, "bucket");
    requireNonNull(prefix, "prefix");
    requireNonNull(profile, "profile");
    requireNonNull(trustedKeys, "trustedKeys");
    requireNonNull(fingerprintKeyFile, "fingerprintKeyFile");
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException(
          "parallel_downloads: " + parallelism + " (expected: 1 to 64)");
    }
  }

  /**
   * The settings when they can be read, for what works on the local copy alone (search, the
   * workstation's list); empty when there are none yet.
   */
  public static Optional<BucketSettings> ifAny(ProctorPaths paths) {
    try {
      return Optional.of(load(paths));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * @throws IOException if neither file exists or one cannot be read; the message says what to do
   */
  public static BucketSettings load(ProctorPaths paths) throws IOException {
    Path own = paths.config().resolve("index.json");
    if (Files.exists(own)) {
      JsonNode n = Json.mapper().readTree(own.toFile());
      if (!n.hasNonNull("bucket")) {
        throw new IOException(own + ": missing \"bucket\"");
      }
      return new BucketSettings(
          text(n, "endpoint").map(URI::create),
          text(n, "region").orElse("us-east-1"),
          n.get("bucket").asText(),
          text(n, "prefix").orElse(""),
          text(n, "access_key"),
          text(n, "secret_key"),
          text(n, "profile"),
          text(n, "trusted_keys").map(Path::of),
          n.path("parallel_downloads").asInt(DEFAULT_PARALLELISM),
          text(n, "fingerprint_key_file").map(Path::of));
    }
    Optional<StackInfo> stack = StackInfo.read(paths.devStackFile());
    if (stack.isPresent()) {
      StackInfo.S3 s3 = stack.get().s3();
      return new BucketSettings(
          Optional.of(URI.create(s3.endpoint())),
          s3.region(),
          s3.bucket(),
          s3.prefix() == null ? "" : s3.prefix(),
          Optional.of(s3.accessKey()),
          Optional.of(s3.secretKey()),
          Optional.empty(),
          Optional.empty(),
          DEFAULT_PARALLELISM,
          Optional.ofNullable(stack.get().fingerprintKeyFile()).map(Path::of));
    }
    throw new IOException(
        "No bucket is configured. Start ./proctor dev-stack, or write "
            + own
            + " with {\"bucket\": ..., \"endpoint\": ..., \"region\": ...}.");
  }

  private static Optional<String> text(JsonNode node, String field) {
    return Optional.ofNullable(node.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText);
  }
}
