package dev.proctor.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** A real S3 API server (s3proxy) over a directory, for the dev stack and the tests. */
public final class EmbeddedS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Starts s3proxy on loopback with the filesystem backend under {@code dataDir}, and creates
   * {@code bucket} if it does not exist.
   *
   * @param port 0 for any free port
   */
  public static EmbeddedS3 start(
      Path dataDir, int port, String bucket, String accessKey, String secretKey) throws Exception {
    Files.createDirectories(dataDir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
    BlobStore store = new AtomicConditionalWrites(BlobStores.create("filesystem", properties));
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start within 10 s: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new EmbeddedS3(proxy, accessKey, secretKey);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
