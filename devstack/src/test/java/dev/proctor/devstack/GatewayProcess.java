package dev.proctor.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production gateway ({@code dev.proctor.gateway.Main}) in its own JVM, so tests can kill it.
 */
final class GatewayProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on port (\\d+), admin on (\\d+)");
  private final Process process;
  private final int port;
  private final int adminPort;

  private GatewayProcess(Process process, int port, int adminPort) {
    this.process = process;
    this.port = port;
    this.adminPort = adminPort;
  }

  static GatewayProcess start(Path config, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.proctor.gateway.Main",
                    "--config",
                    config.toString()))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Matcher> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    return m;
                  }
                }
                return null;
              } catch (IOException e) {
                return null;
              }
            });
    Matcher m = ready.get(60, TimeUnit.SECONDS);
    if (m == null) {
      process.destroyForcibly();
      throw new IllegalStateException("gateway did not start; see " + log);
    }
    return new GatewayProcess(process, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  int port() {
    return port;
  }

  int adminPort() {
    return adminPort;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
    }
  }
}
