package dev.proctor.index.sync;

import dev.proctor.index.BucketSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link RecordingSource} on any S3 API through the AWS SDK v2. */
public final class S3RecordingSource implements RecordingSource, AutoCloseable {
  private final S3Client s3;
  private final String bucket;

  public S3RecordingSource(BucketSettings settings) {
    this.bucket = settings.bucket();
    var builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.endpoint().isPresent())
            .credentialsProvider(credentials(settings));
    settings.endpoint().ifPresent(builder::endpointOverride);
    this.s3 = builder.build();
  }

  private static AwsCredentialsProvider credentials(BucketSettings settings) {
    if (settings.profile().isPresent()) {
      return ProfileCredentialsProvider.create(settings.profile().get());
    }
    if (settings.accessKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().orElse("")));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public List<RemoteObject> list(String prefix) throws IOException {
    List<RemoteObject> objects = new ArrayList<>();
    try {
      for (S3Object o :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()) {
        if (o.eTag() != null) {
          objects.add(new RemoteObject(o.key(), o.eTag(), o.size()));
        }
      }
    } catch (SdkException e) {
      throw new IOException("listing s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
    }
    return objects;
  }

  @Override
  public List<String> folders(String prefix) throws IOException {
    List<String> folders = new ArrayList<>();
    try {
      for (var page :
          s3.listObjectsV2Paginator(
              ListObjectsV2Request.builder()
                  .bucket(bucket)
                  .prefix(prefix)
                  .delimiter("/")
                  .build())) {
        page.commonPrefixes().forEach(p -> folders.add(p.prefix()));
      }
    } catch (SdkException e) {
      throw new IOException("listing s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
    }
    return folders;
  }

  @Override
  public Optional<String> putIfUnchanged(String key, byte[] bytes, Optional<String> expectedEtag)
      throws IOException {
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key);
    expectedEtag.ifPresentOrElse(put::ifMatch, () -> put.ifNoneMatch("*"));
    try {
      return Optional.of(s3.putObject(put.build(), RequestBody.fromBytes(bytes)).eTag());
    } catch (S3Exception e) {
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return Optional.empty();
      }
      throw new IOException("writing s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("writing s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) throws IOException {
    try {
      return Optional.of(
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build())
              .asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw new IOException("reading s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
