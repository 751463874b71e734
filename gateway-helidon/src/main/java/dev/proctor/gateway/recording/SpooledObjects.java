package dev.proctor.gateway.recording;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Single gzip objects that must reach the store even when it is down as they are written (the audit
 * chain's entries). Each is written to the spool under its key first, then put at once, so that it
 * shows in the store as soon as it happened; when the store refuses it, the {@link Uploader}
 * retries it from the spool with backoff, and after a restart {@link #recover} queues it again. An
 * object is never held only in memory.
 */
public final class SpooledObjects {
  private static final System.Logger LOG = System.getLogger(SpooledObjects.class.getName());
  private static final String CONTENT_TYPE = "application/gzip";
  private static final String TMP = ".tmp";

  private final Path dir;
  private final ObjectStore store;
  private final Uploader uploader;
  private final boolean fsync;

  SpooledObjects(Path dir, ObjectStore store, Uploader uploader, boolean fsync) {
    this.dir = requireNonNull(dir, "dir").toAbsolutePath().normalize();
    this.store = requireNonNull(store, "store");
    this.uploader = requireNonNull(uploader, "uploader");
    this.fsync = fsync;
  }

  /**
   * Stores {@code object} under {@code key}: now when the store takes it, else later from the
   * spool.
   *
   * @throws IOException only when it could neither be spooled nor stored
   */
  public void put(String key, byte[] object) throws IOException {
    Path file = fileOf(key);
    IOException spoolFailure = null;
    try {
      writeAtomically(file, object);
    } catch (IOException e) {
      spoolFailure = e;
    }
    try {
      store.put(key, object, CONTENT_TYPE);
    } catch (IOException storeFailure) {
      if (spoolFailure != null) {
        storeFailure.addSuppressed(spoolFailure);
        throw new IOException(
            key + " could be neither spooled nor stored: " + storeFailure.getMessage(),
            storeFailure);
      }
      LOG.log(
          Level.WARNING,
          "{0} is not in the store yet ({1}); it is retried from the spool",
          key,
          storeFailure.getMessage());
      uploader.submit(new Uploader.Upload(file, key, CONTENT_TYPE));
      return;
    }
    if (spoolFailure == null) {
      Files.deleteIfExists(file);
    } else {
      LOG.log(Level.WARNING, "{0} was stored but not spooled: {1}", key, spoolFailure.getMessage());
    }
  }

  /** Queues what an earlier run left in the spool; returns how many objects. */
  int recover() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    int queued = 0;
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(TMP)) {
        Files.delete(file); // cut short before its rename: the put after it never ran
        continue;
      }
      String key =
          dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      uploader.submit(new Uploader.Upload(file, key, CONTENT_TYPE));
      queued++;
    }
    return queued;
  }

  private Path fileOf(String key) {
    Path file = dir.resolve(key).normalize();
    if (key.isEmpty() || key.startsWith("/") || !file.startsWith(dir) || file.equals(dir)) {
      throw new IllegalArgumentException("not an object key: " + key);
    }
    return file;
  }

  private void writeAtomically(Path file, byte[] object) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + TMP);
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(object);
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      if (fsync) {
        out.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
