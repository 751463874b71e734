package dev.proctor.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.access.AccessRequest;
import dev.proctor.format.S3Layout;
import dev.proctor.gateway.recording.S3ObjectStore;
import dev.proctor.gateway.recording.TestS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Access requests in a real S3 server (s3proxy) whose conditional writes a test can refuse. */
class AccessStoreTest {
  final AtomicInteger refusedChanges = new AtomicInteger();
  volatile boolean refuseEveryChange;
  TestS3Server server;
  S3ObjectStore objects;
  AccessStore store;

  @BeforeEach
  void start() throws Exception {
    server =
        new TestS3Server(
            blobs ->
                new ForwardingBlobStore(blobs) {
                  @Override
                  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
                    if (refuseEveryChange && request.ifMatch() != null) {
                      refusedChanges.incrementAndGet();
                      // Read the upload first, as S3 does: refused before its body was read, the
                      // client can see its upload cut off instead of the refusal, and retry.
                      try {
                        content.transferTo(OutputStream.nullOutputStream());
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                      throw S3Exceptions.preconditionFailed(null);
                    }
                    return super.putBlob(request, content);
                  }
                });
    objects = new S3ObjectStore(server.settings("none", "secret"));
    store = new AccessStore(objects, new S3Layout(""));
  }

  @AfterEach
  void stop() throws Exception {
    objects.close();
    server.close();
  }

  private static AccessRequest pending(String id) {
    return AccessRequest.open(
        id,
        new AccessRequest.Requester("https://idp", "carol", List.of("contractors")),
        "openai",
        "contractors-need-approval",
        "billing fix",
        Duration.ofHours(1),
        List.of("approvers"),
        1,
        Duration.ofHours(8),
        Instant.parse("2026-11-25T10:00:00Z"),
        Duration.ofHours(1));
  }

  @Test
  void aRequestIsCreatedOnceAndChangedAgainstItsCurrentVersion() throws Exception {
    assertThat(store.create(pending("01REQUEST"))).isTrue();
    assertThat(store.create(pending("01REQUEST").withPrompt(Optional.of("another"))))
        .as("the id is taken")
        .isFalse();
    AccessRequest changed = store.update("01REQUEST", r -> r.withPrompt(Optional.of("fix it")));
    assertThat(store.get("01REQUEST")).hasValue(changed);
    assertThat(changed.prompt()).hasValue("fix it");
  }

  @Test
  void aStoreThatRefusesEveryChangeEndsInAnErrorNotAnEndlessLoop() throws Exception {
    store.create(pending("01REQUEST"));
    refuseEveryChange = true;

    AtomicInteger attempt = new AtomicInteger();
    assertThatThrownBy(
            () ->
                store.update(
                    "01REQUEST",
                    r -> r.withPrompt(Optional.of("attempt " + attempt.incrementAndGet()))))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "access request 01REQUEST changed under every one of 20 attempts to write it;"
                + " try again");
    assertThat(attempt).hasValue(20);
    assertThat(refusedChanges.get())
        .as("every attempt reached the store (the SDK may resend a refused write)")
        .isGreaterThanOrEqualTo(20);
  }
}
