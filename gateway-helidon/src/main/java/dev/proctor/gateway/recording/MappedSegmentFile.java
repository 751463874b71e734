package dev.proctor.gateway.recording;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The open segment's plain file in the spool, written through a memory mapping: an appended line is
 * copied into the page cache, where it outlives a crash of the gateway (as a {@code write} call
 * would leave it) without a system call per line. Under load, one {@code write} per event cost the
 * gateway about 6% of its CPU in the file system's write path.
 *
 * <p>The file grows in extents ahead of what is written: each extent is first filled with zeros
 * through {@code write}, so a full disk fails there, as an {@link IOException} the recorder turns
 * into a refusal, and never later as a fault inside the mapping. After a crash the file therefore
 * ends in zeros; recovery keeps what comes before its last newline, as it does for a torn line.
 * {@link #close} cuts the file to what was written.
 *
 * <p>Not thread-safe: the session appends under its lock.
 */
final class MappedSegmentFile implements AutoCloseable {
  static final int FIRST_EXTENT = 64 * 1024;
  static final int MAX_EXTENT = 1024 * 1024;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

  private final FileChannel channel;
  private long length;
  private long nextExtentSize = FIRST_EXTENT;
  private Arena arena;
  private MemorySegment extent = MemorySegment.NULL;
  private long extentStart;

  private MappedSegmentFile(FileChannel channel, long length) {
    this.channel = channel;
    this.length = length;
  }

  /** Opens {@code file} for appending after what it holds; creates it when there is none. */
  static MappedSegmentFile open(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new MappedSegmentFile(channel, channel.size());
  }

  void write(byte[] bytes) throws IOException {
    if (length + bytes.length > extentStart + extent.byteSize()) {
      extendFor(bytes.length);
    }
    MemorySegment.copy(bytes, 0, extent, ValueLayout.JAVA_BYTE, length - extentStart, bytes.length);
    length += bytes.length;
  }

  /** Bytes written so far. */
  long length() {
    return length;
  }

  /** Forces what was written, and the file's size, to the disk. */
  void force() throws IOException {
    channel.force(true); // writes back the mapping's dirty pages too
  }

  /** Cuts the file to what was written and releases the mapping. */
  @Override
  public void close() throws IOException {
    try {
      unmap();
      channel.truncate(length);
    } finally {
      channel.close();
    }
  }

  private void extendFor(int needed) throws IOException {
    long size = Math.max(nextExtentSize, needed);
    nextExtentSize = Math.min(nextExtentSize * 2, MAX_EXTENT);
    zeroFill(length, size);
    unmap();
    arena = Arena.ofShared(); // appends come from whichever thread holds the session's lock
    extent = channel.map(FileChannel.MapMode.READ_WRITE, length, size, arena);
    extentStart = length;
  }

  private void zeroFill(long from, long size) throws IOException {
    long position = from;
    while (position < from + size) {
      ByteBuffer zeros = ZEROS.duplicate();
      zeros.limit((int) Math.min(zeros.capacity(), from + size - position));
      position += channel.write(zeros, position);
    }
  }

  private void unmap() {
    if (arena != null) {
      arena.close();
      arena = null;
      extent = MemorySegment.NULL;
    }
  }
}
