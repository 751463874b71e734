package dev.proctor.gateway.upstream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One watchdog for every open upstream connection: a few times per timeout it closes the
 * connections whose current read has waited longer than the read timeout.
 */
final class ReadTimeouts implements AutoCloseable {
  private final Duration limit;
  private final Set<UpstreamConnection> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("proctor-upstream-read-timeouts").unstarted(r));

  ReadTimeouts(Duration limit) {
    this.limit = limit;
    long every = Math.clamp(limit.toMillis() / 4, 10, 1_000);
    watchdog.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  void watch(UpstreamConnection connection) {
    open.add(connection);
  }

  void forget(UpstreamConnection connection) {
    open.remove(connection);
  }

  /** Every connection still open, for closing them all. */
  Set<UpstreamConnection> open() {
    return Set.copyOf(open);
  }

  private void check() {
    long now = System.nanoTime();
    for (UpstreamConnection connection : open) {
      if (connection.readOverdue(now, limit)) {
        connection.timeOut();
        open.remove(connection);
      }
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
