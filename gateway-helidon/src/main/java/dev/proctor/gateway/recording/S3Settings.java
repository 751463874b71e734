package dev.proctor.gateway.recording;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * Where and how recordings are stored in S3.
 *
 * @param endpoint empty for AWS itself; set for MinIO, s3proxy and other S3 servers
 * @param accessKey with {@code secretKey}; both empty to use the default AWS credential chain
 * @param encryption {@code none}, {@code sse-s3} or {@code sse-kms}
 * @param kmsKeyId the KMS key for {@code sse-kms}; empty for the bucket's default key
 */
public record S3Settings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    String prefix,
    boolean pathStyle,
    Optional<String> accessKey,
    Optional<String> secretKey,
    String encryption,
    Optional<String> kmsKeyId) {

  public S3Settings {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(region, "region");
    requireNonNull(bucket, "bucket");
    requireNonNull(prefix, "prefix");
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException(
          "s3 credentials: expected both access-key and secret-key, or neither");
    }
    if (!encryption.equals("none")
        && !encryption.equals("sse-s3")
        && !encryption.equals("sse-kms")) {
      throw new IllegalArgumentException(
          "s3 encryption: " + encryption + " (expected: none, sse-s3 or sse-kms)");
    }
  }

  @Override
  public String toString() {
    return "S3Settings[" + endpoint.map(URI::toString).orElse("aws") + ", bucket=" + bucket + "]";
  }
}
