package dev.proctor.gateway.recording;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Compresses the open segments' gzip objects off the request path. An exchange's thread only queues
 * its lines on the object ({@link SegmentObjectFile#write}: no system call, no wake-up); this one
 * platform thread compresses what is queued every {@link #TICK}, and sealing compresses the rest
 * itself, so no request ever waits for this thread.
 *
 * <p>Why: with one carrier thread running every exchange, deflate was about 8% of that thread's
 * time (async-profiler under {@code wrk}), while the second core had room to spare.
 *
 * <p>It runs at the normal priority, unlike the sealing and uploading threads ({@link
 * dev.proctor.gateway.threads.BackgroundThreads}): its work grows with the traffic, and when it
 * falls behind the exchanges compress the backlog themselves, so starving it under full load would
 * move its work back onto the request path.
 */
final class SegmentCompressor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SegmentCompressor.class.getName());
  static final Duration TICK = Duration.ofMillis(20);

  private final Set<SegmentObjectFile> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("proctor-segment-compressor").factory());

  SegmentCompressor() {
    thread.scheduleWithFixedDelay(
        this::compressAll, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  void track(SegmentObjectFile object) {
    open.add(object);
  }

  void untrack(SegmentObjectFile object) {
    open.remove(object);
  }

  private void compressAll() {
    for (SegmentObjectFile object : open) {
      try {
        object.compressQueued();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "compressing a segment failed", e); // and the next tick goes on
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }
}
