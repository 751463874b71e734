package dev.proctor.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed request rate (open loop, measured from each request's intended start), and
 * time to first byte of streams.
 */
final class LoadProbe {
  private static final String CHAT =
      "{\"model\":\"sim-1\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"benchmark prompt with a few words\"}]}";
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  /**
   * Requests slower than 20 ms, by second of the measured run; shows whether the tail is periodic.
   */
  final java.util.Map<Long, Integer> slowBySecond =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Result of a fixed-rate run. */
  record Latency(double p50Ms, double p99Ms, long sent, long failed) {}

  Latency fixedRate(Path path, int perSecond, Duration warmup, Duration measure)
      throws InterruptedException {
    return fixedRate(path, perSecond, warmup, measure, () -> {});
  }

  /**
   * As {@link #fixedRate(Path, int, Duration, Duration)}, calling {@code betweenPhases} after the
   * warm-up.
   */
  Latency fixedRate(
      Path path, int perSecond, Duration warmup, Duration measure, Runnable betweenPhases)
      throws InterruptedException {
    run(path, perSecond, warmup, new Histogram(3_600_000_000L, 3), new AtomicLong());
    Histogram histogram = new Histogram(3_600_000_000L, 3);
    AtomicLong failed = new AtomicLong();
    betweenPhases.run();
    slowBySecond.clear();
    long sent = run(path, perSecond, measure, histogram, failed);
    System.out.println("  slow (>20 ms) requests by second of the run: " + slowBySecond);
    return new Latency(
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        sent,
        failed.get());
  }

  private long run(
      Path path, int perSecond, Duration duration, Histogram histogram, AtomicLong failed)
      throws InterruptedException {
    long intervalNanos = 1_000_000_000L / perSecond;
    long total = duration.toNanos() / intervalNanos;
    long start = System.nanoTime() + 1_000_000;
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    CompletableFuture<?>[] all = new CompletableFuture<?>[(int) total];
    for (int i = 0; i < total; i++) {
      long intended = start + i * intervalNanos;
      CompletableFuture<Void> done = new CompletableFuture<>();
      all[i] = done;
      clock.schedule(
          () -> {
            http.sendAsync(request(path, false), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete(
                    (response, error) -> {
                      long micros = (System.nanoTime() - intended) / 1000;
                      if (micros > 20_000) {
                        slowBySecond.merge((intended - start) / 1_000_000_000L, 1, Integer::sum);
                      }
                      if (error != null || response.statusCode() != 200) {
                        failed.incrementAndGet();
                      } else {
                        synchronized (histogram) {
                          histogram.recordValue(Math.max(1, micros));
                        }
                      }
                      done.complete(null);
                    });
          },
          intended - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    }
    CompletableFuture.allOf(all)
        .orTimeout(duration.toSeconds() + 60, TimeUnit.SECONDS)
        .exceptionally(e -> null)
        .join();
    clock.shutdownNow();
    return total;
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
