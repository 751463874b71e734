package dev.proctor.bench;

import dev.proctor.devstack.EmbeddedS3;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * s3proxy in its own process, so the gateway's uploads do not load the JVM that generates and times
 * the benchmark's requests. Arguments: data directory, port, bucket, access key, secret.
 */
public final class S3Main {
  private S3Main() {}

  public static void main(String[] args) throws Exception {
    EmbeddedS3 s3 =
        EmbeddedS3.start(Path.of(args[0]), Integer.parseInt(args[1]), args[2], args[3], args[4]);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    s3.close();
                  } catch (Exception e) {
                    System.err.println("s3: " + e);
                  }
                }));
    System.out.println("s3 listening on " + s3.endpoint());
    new CountDownLatch(1).await();
  }
}
