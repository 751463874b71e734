package dev.proctor.gateway.recording;

import dev.proctor.gateway.threads.BackgroundThreads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves sealed spool files to the object store, in the order they were sealed, retrying with
 * exponential backoff while the store is down. A file is deleted only after the store accepted it,
 * so a crash at any point leaves it in the spool for recovery.
 *
 * <p>Order matters: a session's manifest is queued after its segments, so it never lands first.
 */
final class Uploader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Uploader.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final ObjectStore store;
  private final BlockingQueue<Upload> queue = new LinkedBlockingQueue<>();
  private final AtomicLong pending = new AtomicLong();
  private final java.util.concurrent.ConcurrentLinkedDeque<Long> submittedAt =
      new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final Thread worker;
  private volatile boolean stopping;
  private volatile UploadFailure failure;

  Uploader(ObjectStore store) {
    this.store = store;
    this.worker = BackgroundThreads.named("proctor-uploader").newThread(this::run);
    worker.start();
  }

  /**
   * One file to upload under one key.
   *
   * @param finishesSession the session's last object (its manifest): once it landed, the session's
   *     spool folder is removed
   */
  record Upload(Path file, String key, String contentType, boolean finishesSession) {
    Upload(Path file, String key, String contentType) {
      this(file, key, contentType, false);
    }
  }

  void submit(Upload upload) {
    pending.incrementAndGet();
    submittedAt.addLast(System.nanoTime());
    queue.add(upload);
  }

  /** How long the oldest upload not yet landed has waited. */
  Duration lag() {
    Long oldest = submittedAt.peekFirst();
    return oldest == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldest);
  }

  /** Why uploads fail now, and since when; empty once one lands again. */
  Optional<UploadFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Files queued or in flight. */
  long pending() {
    return pending.get();
  }

  /** Waits until the queue is empty, up to {@code timeout}; true when it is. */
  boolean drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return pending.get() == 0;
  }

  private void run() {
    while (!stopping || !queue.isEmpty()) {
      Upload upload;
      try {
        upload = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (upload != null && uploadWithRetry(upload)) {
        submittedAt.pollFirst();
        pending.decrementAndGet();
      }
    }
  }

  private boolean uploadWithRetry(Upload upload) {
    Duration backoff = Duration.ofMillis(100);
    while (true) {
      try {
        store.put(upload.key(), Files.readAllBytes(upload.file()), upload.contentType());
        Files.deleteIfExists(upload.file());
        if (upload.finishesSession()) {
          RecordingSession.deleteTree(upload.file().getParent());
        }
        failure = null;
        return true;
      } catch (IOException e) {
        UploadFailure before = failure;
        failure =
            new UploadFailure(before == null ? Instant.now() : before.since(), e.getMessage());
        LOG.log(
            Level.WARNING,
            "upload of {0} failed, retrying in {1}: {2}",
            upload.key(),
            backoff,
            e.getMessage());
      }
      if (stopping) {
        return false; // left in the spool; recovery uploads it on the next start
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        return false;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    worker.join(Duration.ofSeconds(15));
  }
}
