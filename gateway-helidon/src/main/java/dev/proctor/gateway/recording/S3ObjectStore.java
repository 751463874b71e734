package dev.proctor.gateway.recording;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** {@link ObjectStore} on any S3 API (AWS, MinIO, s3proxy) through the AWS SDK v2. */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private final S3Client s3;
  private final S3Settings settings;

  public S3ObjectStore(S3Settings settings) {
    this.settings = settings;
    AwsCredentialsProvider credentials =
        settings.accessKey().isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    settings.accessKey().get(), settings.secretKey().orElseThrow()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle());
    settings.endpoint().ifPresent(builder::endpointOverride);
    this.s3 = builder.build();
  }

  @Override
  public void put(String key, byte[] bytes, String contentType) throws IOException {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(settings.bucket()).key(key).contentType(contentType);
    switch (settings.encryption()) {
      case "sse-s3" -> request.serverSideEncryption(ServerSideEncryption.AES256);
      case "sse-kms" -> {
        request.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
      }
      default -> {}
    }
    try {
      s3.putObject(request.build(), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IOException("S3 put " + key + ": " + e.getMessage(), e);
    }
  }

  /** An object's bytes and the ETag that a conditional write must name to replace it. */
  public record Versioned(byte[] bytes, String etag) {}

  /** The object under {@code key}, if there is one. */
  public Optional<Versioned> get(String key) throws IOException {
    try (ResponseInputStream<GetObjectResponse> in =
        s3.getObject(GetObjectRequest.builder().bucket(settings.bucket()).key(key).build())) {
      return Optional.of(new Versioned(in.readAllBytes(), in.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new IOException("S3 get " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code bytes} only if no object exists under {@code key} ({@code If-None-Match: *}), or
   * only if the object still has ETag {@code etag} ({@code If-Match}).
   *
   * <p>The SDK sends a write again when its answer did not arrive (an error status, a connection
   * cut). When the first attempt had landed, the retry's condition fails against our own bytes; so
   * a failed condition is checked against what the object holds now, and only someone else's bytes
   * count as losing. When the SDK gives up (every attempt failed, or got no answer), the object is
   * read back the same way: holding our bytes, one attempt landed.
   *
   * @return false when the condition failed: someone else wrote first
   */
  public boolean putIf(String key, byte[] bytes, String contentType, Optional<String> etag)
      throws IOException {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder().bucket(settings.bucket()).key(key).contentType(contentType);
    etag.ifPresentOrElse(request::ifMatch, () -> request.ifNoneMatch("*"));
    try {
      s3.putObject(request.build(), RequestBody.fromBytes(bytes));
      return true;
    } catch (SdkException e) {
      if (e instanceof S3Exception refused
          && (refused.statusCode() == 412 || refused.statusCode() == 409)) {
        return holds(key, bytes);
      }
      // the SDK gave up (every attempt failed or went unanswered): did one of them land?
      if (holdsQuietly(key, bytes)) {
        return true;
      }
      throw new IOException("S3 conditional put " + key + ": " + e.getMessage(), e);
    }
  }

  private boolean holds(String key, byte[] bytes) throws IOException {
    return get(key).map(now -> Arrays.equals(now.bytes(), bytes)).orElse(false);
  }

  private boolean holdsQuietly(String key, byte[] bytes) {
    try {
      return holds(key, bytes);
    } catch (IOException e) {
      return false; // S3 is unreachable: the put's own failure is the one to report
    }
  }

  /** The keys under {@code prefix}. */
  public List<String> list(String prefix) throws IOException {
    try {
      return s3
          .listObjectsV2Paginator(
              ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(prefix).build())
          .contents()
          .stream()
          .map(S3Object::key)
          .toList();
    } catch (SdkException e) {
      throw new IOException("S3 list " + prefix + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
