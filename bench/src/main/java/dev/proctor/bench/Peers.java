package dev.proctor.bench;

import dev.proctor.devstack.DevIdp;
import dev.proctor.devstack.DevStack;
import dev.proctor.devstack.ModelSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How each peer is started for the benchmark. */
final class Peers {
  private Peers() {}

  /** The production gateway in its own JVM, recording to the embedded S3. */
  static Child gateway(
      Path work, Path log, int port, java.net.URI s3, DevIdp idp, ModelSimulator sim)
      throws IOException, InterruptedException {
    Path config = work.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        proctor:
          port: %d
          admin-port: %d
          identity:
            issuers:
              - issuer: %s
          connections:
            - name: sim-openai
              upstream: %s
              api: openai
              credential: {value: %s}
          recording:
            spool-dir: %s
            s3: {endpoint: %s, bucket: %s, path-style: true, access-key: id, secret-key: secret}
        """
            .formatted(
                port,
                port + 1,
                idp.issuer(),
                sim.url(),
                DevStack.SIMULATOR_API_KEY,
                Path.of(System.getProperty("bench.spool", work.resolve("spool").toString())),
                s3,
                DevStack.BUCKET));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the gateway's own JVM options, as every way of running it uses them
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java, "@gateway-helidon/src/main/jvm/gateway.options", "-Xms512m", "-Xmx1g"));
    String extra = System.getProperty("bench.gateway.jvmArgs", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.proctor.gateway.Main",
            "--config",
            config.toString()));
    return Child.start("proctor gateway", command, port, log, Duration.ofSeconds(60));
  }

  /** {@link HelidonFloor} with the gateway's JVM options: the framework alone, no Proctor. */
  static Child floor(Path log, int port, ModelSimulator sim)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Child.start(
        "helidon floor",
        List.of(
            java,
            "@gateway-helidon/src/main/jvm/gateway.options",
            "-Xms512m",
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.proctor.bench.HelidonFloor",
            Integer.toString(port),
            sim.url(),
            DevStack.SIMULATOR_API_KEY),
        port,
        log,
        Duration.ofSeconds(60));
  }

  /** s3proxy in its own JVM, so uploads do not load the process that times requests. */
  static Child s3(Path work, Path log, int port) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Child.start(
        "s3proxy",
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.proctor.bench.S3Main",
            work.resolve("s3").toString(),
            Integer.toString(port),
            DevStack.BUCKET,
            "id",
            "secret"),
        port,
        log,
        Duration.ofSeconds(60));
  }

  /** nginx 1.22 with one worker, proxy_pass and buffering off (the floor for proxy overhead). */
  static Child nginx(Path work, Path log, int port, int upstreamPort)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("nginx"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(
        conf,
        """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream sim { server 127.0.0.1:%3$d; keepalive 128; }
          server {
            listen 127.0.0.1:%2$d;
            location / {
              proxy_pass http://sim;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
            }
          }
        }
        """
            .formatted(dir, port, upstreamPort));
    return Child.start(
        "nginx",
        List.of("nginx", "-c", conf.toString(), "-p", dir.toString()),
        port,
        log,
        Duration.ofSeconds(10));
  }

  /**
   * Portkey's gateway 1.15.2 with the Hono versions its streaming needs (STACK.md), loopback only
   * by use.
   */
  static Child portkey(Path log, int port) throws IOException, InterruptedException {
    return Child.start(
        "portkey",
        List.of(
            "npx",
            "-y",
            "-p",
            "@portkey-ai/gateway@1.15.2",
            "-p",
            "@hono/node-server@1.14.1",
            "-p",
            "@hono/node-ws@1.2.0",
            "gateway",
            "--port=" + port,
            "--headless"),
        port,
        log,
        Duration.ofSeconds(180));
  }
}
