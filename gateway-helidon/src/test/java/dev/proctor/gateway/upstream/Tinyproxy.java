package dev.proctor.gateway.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real forward proxy, tinyproxy (Debian package {@code tinyproxy}; {@code .ci/run} installs it,
 * and a test that needs it is skipped, saying so, where it is missing), in the foreground on a free
 * loopback port, logging each connection.
 */
final class Tinyproxy implements AutoCloseable {
  final int port;
  final Path log;
  private final Process process;

  /**
   * @param basicAuth {@code user password} when the proxy asks for credentials
   */
  Tinyproxy(Path dir, Optional<String> basicAuth) throws IOException, InterruptedException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    log = dir.resolve("tinyproxy-" + port + ".log");
    Path config = dir.resolve("tinyproxy-" + port + ".conf");
    Files.writeString(
        config,
        "Port %d\nListen 127.0.0.1\nTimeout 30\nMaxClients 20\nLogLevel Connect\nLogFile \"%s\"\n%s"
            .formatted(port, log, basicAuth.map(a -> "BasicAuth " + a + "\n").orElse("")));
    Path binary = Path.of("/usr/bin/tinyproxy");
    Assumptions.assumeTrue(
        Files.isExecutable(binary),
        "tinyproxy is not installed here (apt-get install tinyproxy; .ci/run installs it)");
    process =
        new ProcessBuilder(binary.toString(), "-d", "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tinyproxy-" + port + ".out").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket listening = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return; // it accepts connections
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException("tinyproxy did not start; see " + dir);
        }
        Thread.sleep(20);
      }
    }
  }

  String url(String userInfo) {
    return "http://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port;
  }

  String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
