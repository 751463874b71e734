package dev.proctor.bench;

import dev.proctor.devstack.DevIdp;
import dev.proctor.devstack.DevStack;
import dev.proctor.devstack.ModelSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side proxy benchmark: the same simulator reached directly, through the Proctor gateway
 * (recording to S3, validating a JWT per call), through nginx {@code proxy_pass}, and through
 * Portkey's gateway, all in one run so their ratios are comparable on a noisy 2-core machine.
 *
 * <p>Measures, per path: p50/p99 latency at a fixed 500 req/s (non-streaming; all paths warmed up
 * first, then measured in turns, see {@link LoadProbe#interleaved}), the most requests per second
 * {@code wrk} gets through (non-streaming), and the median time to first byte of a streamed answer.
 * Prints a Markdown table for {@code docs/performance.md}.
 */
public final class GatewayBench {
  private static final int RATE = Integer.getInteger("bench.rate", 500);
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 30));

  /** Measured seconds per path, in slices of {@link #SLICE} taken in turns with the other paths. */
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure", 60));

  private static final Duration SLICE = Duration.ofSeconds(Long.getLong("bench.slice", 5));

  /** Unrecorded traffic before each slice, so idle keep-alive connections are back in use. */
  private static final Duration LEAD_IN = Duration.ofSeconds(1);

  private static final int WRK_SECONDS = Integer.getInteger("bench.wrk.seconds", 10);

  /**
   * Unmeasured {@code wrk} run just before each path's measured one: 64 connections at once take
   * branches the paced warm-up never did, and the JIT compiled them inside the measured run.
   */
  private static final int WRK_WARMUP_SECONDS = Integer.getInteger("bench.wrk.warmup", 5);

  /**
   * Passes of {@code wrk} over all paths, each in the reverse order of the one before; a path's
   * throughput is its requests over its measured seconds in all of them. One pass measured each
   * path in one stretch of the run, and a stall from outside the path (another process, the
   * hypervisor) in that stretch moved its ratio to nginx by up to a fifth.
   */
  private static final int WRK_PASSES = Integer.getInteger("bench.wrk.passes", 2);

  private static final List<String> PEERS =
      List.of(System.getProperty("bench.peers", "nginx,portkey").split(","));

  private GatewayBench() {}

  public static void main(String[] args) throws Exception {
    java.nio.file.Path work = Files.createTempDirectory("proctor-bench");
    java.nio.file.Path log = work.resolve("peers.log");
    System.out.println("proctor bench: work dir " + work + " (peer logs in peers.log)");
    int s3Port = freePort();
    try (Child s3 = Peers.s3(work, log, s3Port);
        DevIdp idp = DevIdp.start(0);
        ModelSimulator simulator =
            ModelSimulator.start(0, DevStack.SIMULATOR_API_KEY, Duration.ZERO)) {
      URI sim = URI.create(simulator.url());
      int gatewayPort = freePortWithFreeNext(); // the admin API listens on the next one
      int nginxPort = freePort();
      int portkeyPort = freePort();
      List<Child> children = new ArrayList<>();
      Map<String, Path> paths = new LinkedHashMap<>();
      paths.put(
          "direct",
          new Path(
              "direct",
              sim.resolve("/v1/chat/completions"),
              Map.of("Authorization", "Bearer " + DevStack.SIMULATOR_API_KEY),
              Optional.empty()));
      try {
        Child gateway =
            Peers.gateway(
                work, log, gatewayPort, URI.create("http://127.0.0.1:" + s3Port), idp, simulator);
        children.add(gateway);
        paths.put(
            "proctor",
            new Path(
                "proctor",
                URI.create("http://127.0.0.1:" + gatewayPort + "/c/sim-openai/v1/chat/completions"),
                Map.of("Authorization", "Bearer " + idp.token("alice", 7200)),
                Optional.of(gateway)));
        if (PEERS.contains("floor")) {
          int floorPort = freePort();
          Child floor = Peers.floor(log, floorPort, simulator);
          children.add(floor);
          paths.put(
              "floor",
              new Path(
                  "floor",
                  URI.create("http://127.0.0.1:" + floorPort + "/v1/chat/completions"),
                  Map.of(),
                  Optional.of(floor)));
        }
        if (!PEERS.contains("nginx")) {
          report(measure(paths, work));
          return;
        }
        Child nginx = Peers.nginx(work, log, nginxPort, sim.getPort());
        children.add(nginx);
        paths.put(
            "nginx",
            new Path(
                "nginx",
                URI.create("http://127.0.0.1:" + nginxPort + "/v1/chat/completions"),
                Map.of("Authorization", "Bearer " + DevStack.SIMULATOR_API_KEY),
                Optional.of(nginx)));
        try {
          if (!PEERS.contains("portkey")) {
            throw new IOException("not requested (-Dbench.peers)");
          }
          Child portkey = Peers.portkey(log, portkeyPort);
          children.add(portkey);
          paths.put(
              "portkey",
              new Path(
                  "portkey",
                  URI.create("http://127.0.0.1:" + portkeyPort + "/v1/chat/completions"),
                  Map.of(
                      "Authorization",
                      "Bearer " + DevStack.SIMULATOR_API_KEY,
                      "x-portkey-provider",
                      "openai",
                      "x-portkey-custom-host",
                      simulator.url() + "/v1"),
                  Optional.of(portkey)));
        } catch (IOException e) {
          System.out.println("portkey unavailable, measured without it: " + e.getMessage());
        }
        report(measure(paths, work));
      } finally {
        for (Child child : children.reversed()) {
          child.close();
        }
      }
    }
  }

  /**
   * @param cpuMicrosPerRequest the proxy's CPU time per request under {@code wrk}; NaN for direct
   */
  private record Row(
      LoadProbe.Latency latency, double wrkRps, double cpuMicrosPerRequest, double ttfbP50) {}

  /** What {@code wrk} got through a path in one or more measured runs. */
  private record Throughput(long requests, double seconds, long proxyCpuNanos, boolean hasProxy) {
    static final Throughput NONE = new Throughput(0, 0, 0, false);

    Throughput plus(Throughput other) {
      return new Throughput(
          requests + other.requests,
          seconds + other.seconds,
          proxyCpuNanos + other.proxyCpuNanos,
          hasProxy || other.hasProxy);
    }

    double requestsPerSecond() {
      return seconds > 0 ? requests / seconds : Double.NaN;
    }

    /** The proxy's CPU time per request; NaN for the direct path. */
    double cpuMicrosPerRequest() {
      return hasProxy && requests > 0 ? proxyCpuNanos / 1_000.0 / requests : Double.NaN;
    }
  }

  private static Map<String, Row> measure(Map<String, Path> paths, java.nio.file.Path work)
      throws Exception {
    Optional<Integer> admin =
        Optional.ofNullable(paths.get("proctor")).map(p -> p.chatUrl().getPort() + 1);
    Optional<Thread> scraper = admin.map(GatewayBench::scrapeEveryFiveSeconds);
    try {
      return measure(paths, work, admin);
    } finally {
      scraper.ifPresent(Thread::interrupt);
    }
  }

  /**
   * Reads the gateway's metrics every five seconds for the whole run, as Prometheus would in
   * production. Without it, the benchmark's one read of the histogram at the start of the measured
   * rounds was the first request of another shape (a GET, other headers) after the warm-up: it
   * threw the gateway's compiled request parsing back to the interpreter (seen in {@code
   * -Xlog:deoptimization}), and C2 compiled it again during the first measured slice.
   */
  private static Thread scrapeEveryFiveSeconds(int adminPort) {
    return Thread.ofPlatform()
        .daemon()
        .name("metrics-scraper")
        .start(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                gatewayHistogram(adminPort);
                try {
                  Thread.sleep(5_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  private static Map<String, Row> measure(
      Map<String, Path> paths, java.nio.file.Path work, Optional<Integer> admin) throws Exception {
    LoadProbe probe = new LoadProbe();
    for (Path path : paths.values()) {
      System.out.println("warming up " + path.name() + " ...");
      probe.warmUp(path, RATE, WARMUP);
    }
    Thread.sleep(2_000);
    int rounds = (int) Math.max(1, MEASURE.toSeconds() / SLICE.toSeconds());
    System.out.printf(
        Locale.ROOT,
        "measuring latency at %d req/s: %d rounds of %d s per path, in turns ...%n",
        RATE,
        rounds,
        SLICE.toSeconds());
    Map<String, Long> before = admin.map(GatewayBench::gatewayHistogram).orElse(Map.of());
    Map<String, LoadProbe.Latency> latencies =
        probe.interleaved(List.copyOf(paths.values()), RATE, rounds, SLICE, LEAD_IN);
    admin.ifPresent(
        port ->
            gatewayHistogram(port)
                .forEach(
                    (le, count) ->
                        System.out.println(
                            "  gateway-measured exchange duration <= "
                                + le
                                + " s: "
                                + (count - before.getOrDefault(le, 0L)))));
    // every path's time to first byte before any wrk run: after wrk, the gateway spends seconds
    // uploading the segments of its ~70,000 recorded exchanges, and a path measured then shares
    // the machine with that backlog
    Map<String, Double> ttfbs = new LinkedHashMap<>();
    for (Path path : paths.values()) {
      System.out.println("measuring time to first byte of " + path.name() + " ...");
      ttfbs.put(path.name(), probe.streamTtfbP50(path, 300));
    }
    Map<String, Throughput> throughputs = new LinkedHashMap<>();
    List<Path> order = new ArrayList<>(paths.values());
    for (int pass = 1; pass <= WRK_PASSES; pass++) {
      for (Path path : order) {
        System.out.printf(
            Locale.ROOT, "measuring throughput of %s (pass %d) ...%n", path.name(), pass);
        if (WRK_WARMUP_SECONDS > 0) {
          wrk(path, work, WRK_WARMUP_SECONDS);
        }
        Throughput measured = wrk(path, work, WRK_SECONDS);
        System.out.printf(
            Locale.ROOT, "  %s: %.0f req/s%n", path.name(), measured.requestsPerSecond());
        throughputs.merge(path.name(), measured, Throughput::plus);
      }
      order = order.reversed();
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (Path path : paths.values()) {
      LoadProbe.Latency latency = latencies.get(path.name());
      Throughput throughput = throughputs.getOrDefault(path.name(), Throughput.NONE);
      double rps = throughput.requestsPerSecond();
      double ttfb = ttfbs.get(path.name());
      rows.put(path.name(), new Row(latency, rps, throughput.cpuMicrosPerRequest(), ttfb));
      System.out.printf(
          Locale.ROOT,
          "  %s: p50 %.2f ms, p99 %.2f ms (%d sent, %d failed), %.0f req/s, stream ttfb p50 %.2f ms%n",
          path.name(),
          latency.p50Ms(),
          latency.p99Ms(),
          latency.sent(),
          latency.failed(),
          rps,
          ttfb);
    }
    return rows;
  }

  /** The gateway's cumulative exchange-duration buckets, by upper bound. */
  private static java.util.Map<String, Long> gatewayHistogram(int adminPort) {
    java.util.Map<String, Long> buckets = new java.util.LinkedHashMap<>();
    try (var http =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()) {
      String metrics =
          http.send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      Pattern bucket =
          Pattern.compile("proctor_exchange_duration_seconds_bucket\\{.*le=\"([^\"]+)\"\\} (\\d+)");
      metrics
          .lines()
          .map(bucket::matcher)
          .filter(Matcher::matches)
          .forEach(m -> buckets.put(m.group(1), Long.parseLong(m.group(2))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      System.out.println("  gateway metrics unavailable: " + e.getMessage());
    }
    return buckets;
  }

  private static Throughput wrk(Path path, java.nio.file.Path work, int seconds)
      throws IOException, InterruptedException {
    java.nio.file.Path script = work.resolve(path.name() + ".lua");
    StringBuilder lua =
        new StringBuilder("wrk.method = \"POST\"\n")
            .append(
                "wrk.body = '{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"benchmark prompt with a few words\"}]}'\n")
            .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
    path.headers()
        .forEach(
            (k, v) ->
                lua.append("wrk.headers[\"").append(k).append("\"] = \"").append(v).append("\"\n"));
    Files.writeString(script, lua);
    Process wrk =
        new ProcessBuilder(
                "wrk",
                "-t2",
                "-c64",
                "-d" + seconds + "s",
                "-s",
                script.toString(),
                path.chatUrl().toString())
            .redirectErrorStream(true)
            .start();
    long cpuBefore = path.proxy().map(Child::cpuNanos).orElse(0L);
    String out = new String(wrk.getInputStream().readAllBytes());
    wrk.waitFor();
    long cpu = path.proxy().map(Child::cpuNanos).orElse(0L) - cpuBefore;
    if (out.contains("Non-2xx")) {
      System.out.println("  wrk saw errors on " + path.name() + ":\n" + out);
    }
    Matcher requests = Pattern.compile("(\\d+) requests in ([0-9.]+)(ms|s|m)\\b").matcher(out);
    if (!requests.find()) {
      System.out.println("  wrk gave no count on " + path.name() + ":\n" + out);
      return Throughput.NONE;
    }
    double measuredSeconds =
        Double.parseDouble(requests.group(2))
            * switch (requests.group(3)) {
              case "ms" -> 0.001;
              case "m" -> 60;
              default -> 1;
            };
    return new Throughput(
        Long.parseLong(requests.group(1)), measuredSeconds, cpu, path.proxy().isPresent());
  }

  private static void report(Map<String, Row> rows) {
    Row direct = rows.get("direct");
    System.out.println();
    System.out.println(
        "| path | p50 ms @"
            + RATE
            + "/s | p99 ms | added p50 | added p99 | max req/s | proxy CPU µs/req"
            + " | stream TTFB p50 ms | added TTFB |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    rows.forEach(
        (name, r) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %+.2f | %+.2f | %.0f | %s | %.2f | %+.2f |%n",
                name,
                r.latency().p50Ms(),
                r.latency().p99Ms(),
                r.latency().p50Ms() - direct.latency().p50Ms(),
                r.latency().p99Ms() - direct.latency().p99Ms(),
                r.wrkRps(),
                Double.isNaN(r.cpuMicrosPerRequest())
                    ? "-"
                    : String.format(Locale.ROOT, "%.0f", r.cpuMicrosPerRequest()),
                r.ttfbP50(),
                r.ttfbP50() - direct.ttfbP50()));
    Row proctor = rows.get("proctor");
    Row nginx = rows.get("nginx");
    Row portkey = rows.get("portkey");
    if (nginx == null) {
      System.out.printf(
          Locale.ROOT,
          "proctor added p50: %.2f ms, added TTFB %.2f ms, %.0f req/s%n",
          proctor.latency().p50Ms() - direct.latency().p50Ms(),
          proctor.ttfbP50() - direct.ttfbP50(),
          proctor.wrkRps());
      return;
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "proctor added p50: %.2f ms (target <= 0.5)%n",
        proctor.latency().p50Ms() - direct.latency().p50Ms());
    System.out.printf(
        Locale.ROOT,
        "proctor added p99 - nginx added p99: %.2f ms (target <= 1)%n",
        (proctor.latency().p99Ms() - direct.latency().p99Ms())
            - (nginx.latency().p99Ms() - direct.latency().p99Ms()));
    System.out.printf(
        Locale.ROOT,
        "proctor throughput / nginx: %.2f (target >= 0.3)%n",
        proctor.wrkRps() / nginx.wrkRps());
    if (portkey != null) {
      System.out.printf(
          Locale.ROOT,
          "proctor throughput / portkey: %.2f (target >= 5)%n",
          proctor.wrkRps() / portkey.wrkRps());
    }
    System.out.printf(
        Locale.ROOT,
        "proctor stream TTFB - direct: %.2f ms (target <= 1)%n",
        proctor.ttfbP50() - direct.ttfbP50());
    Row floor = rows.get("floor");
    if (floor != null) {
      // the same two lines for Helidon SE alone: how much of each is the framework's
      System.out.printf(
          Locale.ROOT,
          "floor added p99 - nginx added p99: %.2f ms; floor throughput / nginx: %.2f%n",
          floor.latency().p99Ms() - nginx.latency().p99Ms(),
          floor.wrkRps() / nginx.wrkRps());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * A free port whose next port is free too. A run once failed to start because the gateway's admin
   * port (its port + 1) was an ephemeral port the previous run's connections still held.
   */
  private static int freePortWithFreeNext() throws IOException {
    while (true) {
      try (ServerSocket port = new ServerSocket(0)) {
        try (ServerSocket next = new ServerSocket(port.getLocalPort() + 1)) {
          return port.getLocalPort();
        } catch (IOException taken) {
          // try another pair
        }
      }
    }
  }
}
