package dev.proctor.gateway.recording;

import java.io.IOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
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

  @Override
  public void close() {
    s3.close();
  }
}
