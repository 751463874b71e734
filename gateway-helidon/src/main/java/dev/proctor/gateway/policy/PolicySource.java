package dev.proctor.gateway.policy;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force: read from a file at start, and read again when the file changes. A file that
 * no longer reads keeps the last good policy running, and the reason is logged.
 */
public final class PolicySource implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PolicySource.class.getName());

  private final Optional<Path> file;
  private final AtomicReference<Policy> current;
  private final Thread watcher;
  private volatile FileTime lastModified;
  private volatile long lastSize;
  private volatile boolean closed;

  private PolicySource(Optional<Path> file, Policy policy, Duration pollInterval) {
    this.file = file;
    this.current = new AtomicReference<>(policy);
    this.watcher =
        file.isEmpty()
            ? null
            : Thread.ofVirtual().name("policy-watcher").start(() -> watch(pollInterval));
  }

  /**
   * Reads {@code file}; a policy that does not read stops the start.
   *
   * @throws PolicyException listing its problems
   */
  public static PolicySource watching(Path file, Duration pollInterval)
      throws IOException, PolicyException {
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    PolicySource source =
        new PolicySource(Optional.of(file), PolicyParser.read(file), pollInterval);
    source.lastModified = modified;
    source.lastSize = size;
    return source;
  }

  /** A fixed policy, never reloaded. */
  public static PolicySource fixed(Policy policy) {
    return new PolicySource(Optional.empty(), policy, Duration.ZERO);
  }

  public Policy current() {
    return current.get();
  }

  /**
   * Reads the file again if it changed.
   *
   * @return whether a new policy is now in force
   */
  public boolean reloadIfChanged() {
    if (file.isEmpty()) {
      return false;
    }
    Path path = file.get();
    try {
      FileTime modified = Files.getLastModifiedTime(path);
      long size = Files.size(path);
      if (modified.equals(lastModified) && size == lastSize) {
        return false;
      }
      lastModified = modified;
      lastSize = size;
      Policy policy = PolicyParser.read(path);
      current.set(policy);
      LOG.log(Level.INFO, "policy reloaded from {0}: {1} rules", path, policy.rules().size());
      return true;
    } catch (PolicyException e) {
      LOG.log(
          Level.ERROR,
          "policy {0} changed but cannot be used; the previous policy stays in force:\n{1}",
          path,
          e.getMessage());
    } catch (IOException e) {
      LOG.log(
          Level.ERROR,
          "policy {0} cannot be read ({1}); the previous policy stays in force",
          path,
          e.getMessage());
    }
    return false;
  }

  private void watch(Duration interval) {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      reloadIfChanged();
    }
  }

  @Override
  public void close() {
    closed = true;
    if (watcher != null) {
      watcher.interrupt();
    }
  }
}
