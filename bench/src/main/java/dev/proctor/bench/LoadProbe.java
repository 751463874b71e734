package dev.proctor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed request rate (open loop, measured from each request's intended start), and
 * time to first byte of streams.
 */
final class LoadProbe {
  private static final String CHAT =
      "{\"model\":\"sim-1\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark prompt with a few words\"}]}";

  /** For streams; the fixed-rate runs use clients of their own (see {@link #warmUp}). */
  private final HttpClient http = newClient();

  /** Result of a fixed-rate run. */
  record Latency(double p50Ms, double p99Ms, long sent, long failed) {}

  /**
   * Warms a path up at a rate that ramps from a tenth of {@code perSecond} to all of it over the
   * first third of {@code warmup}, on a client of its own that is closed afterwards.
   *
   * <p>A freshly started JVM (the gateway, or the simulator on the direct path) answers slowly for
   * its first seconds, so an open-loop client piles up thousands of connections there; kept in the
   * measuring client's pool, they expired together 30 s later (the JDK client's keep-alive
   * timeout), inside the measured run, as a storm of closes. The ramp keeps the pile-up small, and
   * closing the client ends it.
   */
  void warmUp(Path path, int perSecond, Duration warmup) throws InterruptedException {
    try (HttpClient warmupClient = newClient()) {
      run(warmupClient, path, perSecond, warmup.dividedBy(3), warmup, new Tally(false), 0);
    }
  }

  /**
   * Measures every path at {@code perSecond} in turns: {@code rounds} rounds, each giving every
   * path one {@code slice} (the order rotating from round to round), each slice preceded by an
   * unrecorded {@code leadIn} on the same client that brings its keep-alive connections back.
   *
   * <p>Interleaving is what makes the paths' tails comparable on a shared 2-core machine: stalls
   * that come from outside the path under test (another process's garbage collection, the
   * hypervisor) arrive in bursts seconds apart, and measured one path after the other they landed
   * in one path's window and not the next one's. In turns, every path samples the same stretch of
   * the machine's life.
   */
  Map<String, Latency> interleaved(
      List<Path> paths, int perSecond, int rounds, Duration slice, Duration leadIn)
      throws InterruptedException {
    Map<String, HttpClient> clients = new LinkedHashMap<>();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (Path path : paths) {
      clients.put(path.name(), newClient());
      tallies.put(path.name(), new Tally(true));
    }
    long origin = System.nanoTime();
    try {
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < paths.size(); i++) {
          Path path = paths.get((round + i) % paths.size());
          HttpClient client = clients.get(path.name());
          run(client, path, perSecond, Duration.ZERO, leadIn, new Tally(false), origin);
          run(client, path, perSecond, Duration.ZERO, slice, tallies.get(path.name()), origin);
        }
      }
    } finally {
      clients.values().forEach(HttpClient::close);
    }
    Map<String, Latency> latencies = new LinkedHashMap<>();
    tallies.forEach(
        (name, tally) -> {
          System.out.println(
              "  "
                  + name
                  + ": slow (>20 ms) requests by second of the measured rounds: "
                  + tally.slowBySecond);
          latencies.put(
              name,
              new Latency(
                  tally.histogram.getValueAtPercentile(50) / 1000.0,
                  tally.histogram.getValueAtPercentile(99) / 1000.0,
                  tally.sent,
                  tally.failed.get()));
        });
    return latencies;
  }

  /**
   * Sends requests at their intended times from one pacing thread (open loop: a slow answer does
   * not delay the next request), the rate rising linearly from a tenth of {@code perSecond} over
   * {@code ramp}, and waits for the last answer. Latency counts from the intended start, so a late
   * send counts against the path. Slow requests are counted by second since {@code origin}.
   */
  private void run(
      HttpClient client,
      Path path,
      int perSecond,
      Duration ramp,
      Duration duration,
      Tally tally,
      long origin)
      throws InterruptedException {
    long start = System.nanoTime() + 1_000_000;
    long end = start + duration.toNanos();
    long rampNanos = ramp.toNanos();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long intended = start;
    while (intended < end) {
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue; // parkNanos may return early
      }
      long at = intended;
      all.add(
          client
              .sendAsync(request(path, false), HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete((response, error) -> tally.record(at - origin, at, response, error)));
      double rate =
          at - start >= rampNanos
              ? perSecond
              : perSecond * (0.1 + 0.9 * (at - start) / (double) rampNanos);
      intended += (long) (1_000_000_000L / rate);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new))
        .orTimeout(duration.toSeconds() + 60, TimeUnit.SECONDS)
        .exceptionally(e -> null)
        .join();
    tally.sent += all.size();
  }

  /** What one fixed-rate run saw. */
  private static final class Tally {
    private static final long DEBUG_SLOW_MICROS =
        Integer.getInteger("bench.debug.slowMs", 1_000_000) * 1000L;

    final boolean measured;
    final Histogram histogram = new Histogram(3_600_000_000L, 3);
    final AtomicLong failed = new AtomicLong();

    /** Requests slower than 20 ms, by second since the origin; shows when the tail happened. */
    final Map<Long, Integer> slowBySecond = new ConcurrentSkipListMap<>();

    long sent;

    Tally(boolean measured) {
      this.measured = measured;
    }

    void record(long offsetNanos, long intended, HttpResponse<byte[]> response, Throwable error) {
      long micros = (System.nanoTime() - intended) / 1000;
      if (measured && micros > DEBUG_SLOW_MICROS) {
        System.out.printf(
            "    slow: at %s, took %d ms%n",
            Instant.now().minusNanos(System.nanoTime() - intended), micros / 1000);
      }
      if (micros > 20_000) {
        slowBySecond.merge(offsetNanos / 1_000_000_000L, 1, Integer::sum);
      }
      if (error != null || response.statusCode() != 200) {
        failed.incrementAndGet();
      } else {
        synchronized (histogram) {
          histogram.recordValue(Math.max(1, micros));
        }
      }
    }
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  /** Median time to the first byte of a streamed answer over {@code count} sequential calls. */
  double streamTtfbP50(Path path, int count) throws IOException, InterruptedException {
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    for (int i = 0; i < count + 20; i++) {
      long start = System.nanoTime();
      HttpResponse<InputStream> response =
          http.send(request(path, true), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (body.read() < 0 || response.statusCode() != 200) {
          throw new IOException(path.name() + ": stream failed with HTTP " + response.statusCode());
        }
        long micros = (System.nanoTime() - start) / 1000;
        if (i >= 20) {
          histogram.recordValue(micros);
        }
        body.transferTo(OutputStreamSink.INSTANCE);
      }
    }
    return histogram.getValueAtPercentile(50) / 1000.0;
  }

  private static HttpRequest request(Path path, boolean stream) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(path.chatUrl())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(stream)));
    path.headers().forEach(b::header);
    return b.build();
  }

  /** Discards bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
