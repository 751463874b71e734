package dev.proctor.gateway.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The buffered input of one upstream connection, read by one thread at a time, that also hands out
 * whole lines ({@link #readLine}) straight from its buffer.
 *
 * <p>It replaces a {@link java.io.BufferedInputStream} read a byte at a time into a growing {@link
 * StringBuilder}: a lock and a bounds check per byte of every response head and chunk line, and
 * about 2% of the gateway's CPU per call (async-profiler under {@code wrk}).
 */
final class LineBufferedInput extends InputStream {
  private final InputStream in;
  private byte[] buffer;
  private int pos;
  private int limit;

  LineBufferedInput(InputStream in, int size) {
    this.in = in;
    this.buffer = new byte[size];
  }

  /**
   * Reads one line, decoded as ISO-8859-1 (RFC 9110's header octets), without its line end; a bare
   * LF ends a line too.
   *
   * @throws EOFException when the stream ends before the line does
   * @throws IOException when the line is longer than {@code maxLength} bytes
   */
  String readLine(int maxLength) throws IOException {
    int scanned = 0; // bytes from pos already known to hold no LF
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buffer[i] == '\n') {
          int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
          if (end - pos > maxLength) {
            throw tooLong(maxLength);
          }
          String line = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned > maxLength) {
        throw tooLong(maxLength);
      }
      if (!fillKeeping()) {
        throw new EOFException(
            scanned == 0
                ? "the upstream closed the connection"
                : "the upstream closed the connection in the middle of a line");
      }
    }
  }

  @Override
  public int read() throws IOException {
    if (pos == limit && !fillKeeping()) {
      return -1;
    }
    return buffer[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == limit) {
      if (len >= buffer.length) {
        return in.read(b, off, len); // a large read gains nothing from the buffer
      }
      if (!fillKeeping()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return limit - pos + in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Reads more bytes after the unread ones, first moving those to the buffer's start when the
   * buffer is full, or doubling the buffer when they fill it (a line longer than the buffer: {@link
   * #readLine} bounds its length). False at the end of the stream.
   */
  private boolean fillKeeping() throws IOException {
    if (limit == buffer.length) {
      if (pos == 0) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      } else {
        System.arraycopy(buffer, pos, buffer, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private static IOException tooLong(int maxLength) {
    return new IOException("the upstream sent a line longer than " + maxLength + " bytes");
  }
}
