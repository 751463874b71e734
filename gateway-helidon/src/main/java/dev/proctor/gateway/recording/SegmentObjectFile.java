package dev.proctor.gateway.recording;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The gzip object of the open segment, compressed into a {@code .part} file beside it as its lines
 * are written and hashed on the way out, so sealing only finishes the stream and renames the file.
 *
 * <p>It lives on disk rather than in memory: a busy session's segment grows to megabytes, and a
 * buffer that size, kept alive across collections and regrown by copying, cost the gateway's
 * garbage collector more than anything a request allocates. The {@code .part} file is only ever
 * derived from the plain segment file, which stays the record: recovery rebuilds it from there.
 *
 * <p>Lines are compressed off the request path: {@link #write} queues them, the {@link
 * SegmentCompressor}'s thread compresses what is queued, and {@link #sealAs} compresses the rest. A
 * writer compresses the queue itself only when it holds more than {@link #MAX_QUEUED_BYTES} (the
 * compressing thread fell behind). A failure of the compressing thread is thrown by {@link
 * #sealAs}.
 */
final class SegmentObjectFile {
  static final String SUFFIX = ".part";
  static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

  private final Path part;
  private final SegmentCompressor compressor;
  private final Queue<byte[]> queued = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final FileOutputStream file;
  private final MessageDigest sha256;
  private final GZIPOutputStream gzip;

  /** The first failure to compress or write, thrown when the object is sealed; guarded by this. */
  private IOException failure;

  private SegmentObjectFile(
      Path part, FileOutputStream file, MessageDigest sha256, SegmentCompressor compressor)
      throws IOException {
    this.part = part;
    this.compressor = compressor;
    this.file = file;
    this.sha256 = sha256;
    this.gzip =
        new FastGzip(new DigestOutputStream(new BufferedOutputStream(file, 64 * 1024), sha256));
  }

  /** Starts (or starts over) the object that will be sealed as {@code target}. */
  static SegmentObjectFile create(Path target, SegmentCompressor compressor) throws IOException {
    Path part = target.resolveSibling(target.getFileName() + SUFFIX);
    SegmentObjectFile object;
    try {
      object =
          new SegmentObjectFile(
              part,
              new FileOutputStream(part.toFile()),
              MessageDigest.getInstance("SHA-256"),
              compressor);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    compressor.track(object);
    return object;
  }

  /** Queues lines for compression; they must not change afterwards. */
  void write(byte[] lines) {
    queued.add(lines);
    if (queuedBytes.addAndGet(lines.length) > MAX_QUEUED_BYTES) {
      compressQueued();
    }
  }

  /** Bytes queued and not compressed yet. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Compresses what is queued, in the order it was queued. */
  synchronized void compressQueued() {
    byte[] lines;
    while ((lines = queued.poll()) != null) {
      queuedBytes.addAndGet(-lines.length);
      if (failure == null) {
        try {
          gzip.write(lines);
        } catch (IOException e) {
          failure = e;
        }
      }
    }
  }

  /**
   * Finishes the gzip stream, forces it to disk when asked, and moves it to {@code target} in one
   * step. Returns the object's SHA-256 in hex.
   */
  synchronized String sealAs(Path target, boolean fsync) throws IOException {
    compressor.untrack(this);
    compressQueued();
    if (failure != null) {
      try {
        gzip.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
      throw failure;
    }
    gzip.finish();
    gzip.flush();
    if (fsync) {
      file.getFD().sync();
    }
    gzip.close();
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * Gzip at the fastest level: the default level cost about a tenth of the gateway's CPU for a few
   * percent smaller objects (measured when compression still ran on the request path; it now runs
   * on the compressing thread, which shares the machine's two cores with the requests).
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
