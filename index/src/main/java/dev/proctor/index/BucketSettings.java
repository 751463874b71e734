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
 *  "access_key": "...", "secret_key": "..."}
 * </pre>
 *
 * Leave out the keys to use the default AWS credential chain, and the endpoint for AWS itself.
 */
public record BucketSettings(
    Optional<URI> endpoint,
    String region,
    String bucket,
    String prefix,
    Optional<String> accessKey,
    Optional<String> secretKey) {

  public BucketSettings {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(region, "region");
    requireNonNull(bucket, "bucket");
    requireNonNull(prefix, "prefix");
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
          text(n, "secret_key"));
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
          Optional.of(s3.secretKey()));
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
