package dev.proctor.gateway.recording;

import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server for the gateway's tests: s3proxy, in memory (its transient store honours SSE
 * headers), on a free loopback port, with bucket {@value #BUCKET} and credentials {@code id}/{@code
 * secret}.
 */
public final class TestS3Server implements AutoCloseable {
  public static final String BUCKET = "rec";

  private final S3Proxy proxy;
  private final URI endpoint;

  public TestS3Server() throws Exception {
    this(UnaryOperator.identity());
  }

  /**
   * @param wrap wraps the in-memory store, so that a test can make the server misbehave
   */
  public TestS3Server(UnaryOperator<BlobStore> wrap) throws Exception {
    BlobStore store = wrap.apply(BlobStores.create("transient", new Properties()));
    store.createContainer(BUCKET);
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "id", "secret")
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The gateway's settings for this server, path-style, with {@code secret} as secret key. */
  public S3Settings settings(String encryption, String secret) {
    return new S3Settings(
        Optional.of(endpoint),
        "us-east-1",
        BUCKET,
        "",
        true,
        Optional.of("id"),
        Optional.of(secret),
        encryption,
        encryption.equals("sse-kms") ? Optional.of("alias/proctor") : Optional.empty());
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
