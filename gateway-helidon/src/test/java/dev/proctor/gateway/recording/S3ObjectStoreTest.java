package dev.proctor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Uploads to a real S3 server (s3proxy, transient backend, which honours SSE headers). */
class S3ObjectStoreTest {
  TestS3Server server;

  /**
   * When set, the next conditional write is carried out and then answered with an error, as when
   * the answer to a write that landed is lost: the client retries it.
   */
  final AtomicBoolean loseTheNextConditionalAnswer = new AtomicBoolean();

  /**
   * While set, every conditional write is answered with an error, whatever became of it: the first
   * one is carried out when {@link #landConditionalWrites} is set, and the client's retries fail
   * too, so it gives up.
   */
  final AtomicBoolean loseEveryConditionalAnswer = new AtomicBoolean();

  final AtomicBoolean landConditionalWrites = new AtomicBoolean(true);

  @BeforeEach
  void start() throws Exception {
    server =
        new TestS3Server(
            blobs ->
                new ForwardingBlobStore(blobs) {
                  @Override
                  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
                    boolean conditional =
                        request.ifMatch() != null || request.ifNoneMatch() != null;
                    if (conditional && loseEveryConditionalAnswer.get()) {
                      if (landConditionalWrites.get()) {
                        try {
                          super.putBlob(request, content);
                        } catch (RuntimeException retryRefused) {
                          // the retry's condition failed against the landed first attempt
                        }
                      }
                      throw S3Exceptions.fromStatusCode(500);
                    }
                    PutObjectResponse written = super.putBlob(request, content);
                    if (conditional && loseTheNextConditionalAnswer.compareAndSet(true, false)) {
                      // retried by the client, as a lost answer is
                      throw S3Exceptions.fromStatusCode(500);
                    }
                    return written;
                  }
                });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void sseS3RequestsServerSideEncryption() throws Exception {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("sse-s3", "secret"))) {
      store.put("v1/keys/k.jwk.json", "{}".getBytes(), "application/json");
    }
    assertThat(head("v1/keys/k.jwk.json").serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
  }

  @Test
  void sseKmsNamesTheKey() throws Exception {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("sse-kms", "secret"))) {
      store.put("v1/keys/k2.jwk.json", "{}".getBytes(), "application/json");
    }
    assertThat(head("v1/keys/k2.jwk.json").serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AWS_KMS);
  }

  @Test
  void wrongCredentialsFailWithTheKeyInTheMessage() {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("none", "wrong"))) {
      assertThatThrownBy(() -> store.put("v1/x", new byte[1], "application/octet-stream"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("S3 put v1/x: ");
    }
  }

  @Test
  void aConditionalWriteThatLandedIsReportedSoWhenTheRetryOfItsLostAnswerFindsItThere()
      throws Exception {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("none", "secret"))) {
      byte[] opened = "{\"state\":\"pending\"}".getBytes();
      loseTheNextConditionalAnswer.set(true);
      assertThat(store.putIf("v1/access/r1.json", opened, "application/json", Optional.empty()))
          .as("created")
          .isTrue();
      assertThat(loseTheNextConditionalAnswer).isFalse();

      String etag = store.get("v1/access/r1.json").orElseThrow().etag();
      byte[] approved = "{\"state\":\"approved\"}".getBytes();
      loseTheNextConditionalAnswer.set(true);
      assertThat(store.putIf("v1/access/r1.json", approved, "application/json", Optional.of(etag)))
          .as("changed")
          .isTrue();
      assertThat(store.get("v1/access/r1.json").orElseThrow().bytes()).isEqualTo(approved);
    }
  }

  @Test
  void aConditionalWriteThatLandedIsReportedSoWhenTheClientGivesUpOnEveryAttempt()
      throws Exception {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("none", "secret"))) {
      byte[] opened = "{\"state\":\"pending\"}".getBytes();
      loseEveryConditionalAnswer.set(true);
      assertThat(store.putIf("v1/access/r3.json", opened, "application/json", Optional.empty()))
          .as("created, though no attempt was answered 200")
          .isTrue();

      landConditionalWrites.set(false);
      byte[] approved = "{\"state\":\"approved\"}".getBytes();
      String etag = store.get("v1/access/r3.json").orElseThrow().etag();
      assertThatThrownBy(
              () ->
                  store.putIf("v1/access/r3.json", approved, "application/json", Optional.of(etag)))
          .as("nothing landed: a failure, not a lost race")
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("S3 conditional put v1/access/r3.json: ");
      assertThat(store.get("v1/access/r3.json").orElseThrow().bytes()).isEqualTo(opened);
    }
  }

  @Test
  void aConditionalWriteThatLostToAnotherWriterIsReportedSo() throws Exception {
    try (S3ObjectStore store = new S3ObjectStore(server.settings("none", "secret"))) {
      byte[] first = "{\"state\":\"pending\"}".getBytes();
      assertThat(store.putIf("v1/access/r2.json", first, "application/json", Optional.empty()))
          .isTrue();
      String etag = store.get("v1/access/r2.json").orElseThrow().etag();
      assertThat(
              store.putIf(
                  "v1/access/r2.json",
                  "{\"other\":1}".getBytes(),
                  "application/json",
                  Optional.empty()))
          .as("exists already")
          .isFalse();
      byte[] approved = "{\"state\":\"approved\"}".getBytes();
      assertThat(store.putIf("v1/access/r2.json", approved, "application/json", Optional.of(etag)))
          .isTrue();
      assertThat(
              store.putIf(
                  "v1/access/r2.json",
                  "{\"state\":\"denied\"}".getBytes(),
                  "application/json",
                  Optional.of(etag)))
          .as("changed since")
          .isFalse();
      assertThat(store.get("v1/access/r2.json").orElseThrow().bytes()).isEqualTo(approved);
    }
  }

  private software.amazon.awssdk.services.s3.model.HeadObjectResponse head(String key) {
    try (S3Client s3 =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.US_EAST_1)
            .endpointOverride(server.endpoint())
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
            .build()) {
      return s3.headObject(b -> b.bucket(TestS3Server.BUCKET).key(key));
    }
  }
}
