package dev.proctor.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed request rate (open loop, measured from each request's intended start), and
 * time to first byte of streams.
 */
final class LoadProbe {
  private static final String CHAT =
      "{\"model\":\"sim-1\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark prompt with a few words\"}]}";

  /** Result of a fixed-rate run. */
  record Latency(double p50Ms, double p99Ms, long sent, long failed) {}

  /**
   * Warms a path up in {@value #WARMUP_PARTS} parts of equal length, each on connections of its own
   * that are closed afterwards; the rate ramps from a tenth of {@code perSecond} to all of it over
   * the first part.
   *
   * <p>Closing the connections is the first time the server sees connections end. With one set of
   * warm-up connections, that end came after the warm-up: the JIT had compiled the server's read
   * loop without it, so the first closed connection threw the compiled read loop, virtual-thread
   * scheduling included, back to the interpreter, and C2 compiled it again during the first
   * measured slice (seen in the gateway's {@code -Xlog:jit+compilation,deoptimization}). Later
   * parts run after a close, so what is measured is code compiled for connections that come and go,
   * as a server's do.
   */
  void warmUp(Path path, int perSecond, Duration warmup) throws InterruptedException {
    Duration part = warmup.dividedBy(WARMUP_PARTS);
    for (int i = 0; i < WARMUP_PARTS; i++) {
      try (PacedConnections connections = connect(path)) {
        run(connections, perSecond, i == 0 ? part : Duration.ZERO, part, new Tally(null), 0);
      }
    }
  }

  private static final int WARMUP_PARTS = 3;

  /** Connections per path: enough that a 60 ms stall at 500 req/s still finds one free. */
  private static final int CONNECTIONS = 32;

  private static PacedConnections connect(Path path) {
    return new PacedConnections(path, CHAT.formatted(false), CONNECTIONS);
  }

  /**
   * Measures every path at {@code perSecond} in turns: {@code rounds} rounds, each giving every
   * path one {@code slice} (the order rotating from round to round), each slice preceded by an
   * unrecorded {@code leadIn} on the same connections, which brings them back into use.
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
    Map<String, PacedConnections> connections = new LinkedHashMap<>();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (Path path : paths) {
      connections.put(path.name(), connect(path));
      tallies.put(path.name(), new Tally(path.name()));
    }
    long origin = System.nanoTime();
    try {
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < paths.size(); i++) {
          Path path = paths.get((round + i) % paths.size());
          PacedConnections pathConnections = connections.get(path.name());
          run(pathConnections, perSecond, Duration.ZERO, leadIn, new Tally(null), origin);
          run(pathConnections, perSecond, Duration.ZERO, slice, tallies.get(path.name()), origin);
        }
      }
    } finally {
      connections.values().forEach(PacedConnections::close);
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
   * Sends requests at their intended times (open loop: a slow answer does not delay the next
   * request's intended time), the rate rising linearly from a tenth of {@code perSecond} over
   * {@code ramp}, and waits for the last answer. Latency counts from the intended start, so a late
   * send counts against the path. Slow requests are counted by second since {@code origin}.
   */
  private void run(
      PacedConnections connections,
      int perSecond,
      Duration ramp,
      Duration duration,
      Tally tally,
      long origin)
      throws InterruptedException {
    long start = System.nanoTime() + 1_000_000;
    long rampNanos = ramp.toNanos();
    tally.sent +=
        connections.run(
            i -> start + intendedOffsetNanos(i, perSecond, rampNanos),
            start + duration.toNanos(),
            (intended, status) -> tally.record(intended - origin, intended, status));
  }

  /**
   * When request {@code i} is due, counted from the start: the rate rises linearly from a tenth of
   * {@code perSecond} to all of it over {@code rampNanos}, then stays.
   */
  static long intendedOffsetNanos(long i, int perSecond, long rampNanos) {
    double rate = perSecond / 1e9; // requests per nanosecond
    double rampRequests = 0.55 * rate * rampNanos; // the integral of the rate over the ramp
    if (i >= rampRequests) {
      return (long) (rampNanos + (i - rampRequests) / rate);
    }
    // solve 0.45 r t^2 / R + 0.1 r t = i for t
    double a = 0.45 * rate / rampNanos;
    double b = 0.1 * rate;
    return (long) ((-b + Math.sqrt(b * b + 4 * a * i)) / (2 * a));
  }

  /**
   * Streamed calls sent on each path before its time to first byte is measured. The fixed-rate
   * warm-up sends only non-streamed calls, so a proxy's streaming code (event framing, masking and
   * recording each event) is still compiled for few calls when the measurement begins: with 20 of
   * them, Proctor's TTFB over direct was +0.79 ms in a quick run, with 2,000 +0.36 ms (the Helidon
   * floor's +0.22 and +0.30 ms), and the direct path's own moved from 0.30 to 0.17 ms.
   */
  static final int TTFB_WARMUP = Integer.getInteger("bench.ttfb.warmup", 2000);

  /** What one fixed-rate run saw. */
  private static final class Tally {
    private static final long DEBUG_SLOW_MICROS =
        Integer.getInteger("bench.debug.slowMs", 1_000_000) * 1000L;

    final String measuredPath;
    final Histogram histogram = new Histogram(3_600_000_000L, 3);
    final AtomicLong failed = new AtomicLong();

    /** Requests slower than 20 ms, by second since the origin; shows when the tail happened. */
    final Map<Long, Integer> slowBySecond = new ConcurrentSkipListMap<>();

    long sent;

    /** The measured path's name; null for unmeasured runs. */
    Tally(String measuredPath) {
      this.measuredPath = measuredPath;
    }

    /** Records one request, {@code status} -1 when it failed without an answer. */
    void record(long offsetNanos, long intended, int status) {
      long micros = (System.nanoTime() - intended) / 1000;
      if (measuredPath != null && micros > DEBUG_SLOW_MICROS) {
        System.out.printf(
            "    slow: %s at %s, took %d ms%n",
            measuredPath, Instant.now().minusNanos(System.nanoTime() - intended), micros / 1000);
      }
      if (micros > 20_000) {
        slowBySecond.merge(offsetNanos / 1_000_000_000L, 1, Integer::sum);
      }
      if (status != 200) {
        failed.incrementAndGet();
      } else {
        synchronized (histogram) {
          histogram.recordValue(Math.max(1, micros));
        }
      }
    }
  }

  /**
   * Median time to the first byte of a streamed answer's body over {@code count} calls in a row on
   * one keep-alive connection, after {@link #TTFB_WARMUP} unrecorded ones.
   */
  double streamTtfbP50(Path path, int count) throws IOException {
    try (PacedConnections connection = new PacedConnections(path, CHAT.formatted(true), 1)) {
      return connection.firstByteP50Ms(TTFB_WARMUP, count);
    }
  }
}
