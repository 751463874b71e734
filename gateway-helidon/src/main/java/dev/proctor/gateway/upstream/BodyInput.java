package dev.proctor.gateway.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A response body as its framing delimits it on the connection. {@link #complete} tells whether it
 * was read to its end, so that the connection can carry the next call.
 */
abstract class BodyInput extends InputStream {
  protected final InputStream in;

  BodyInput(InputStream in) {
    this.in = in;
  }

  abstract boolean complete();

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** No body: a HEAD answer, 204, 304. */
  static BodyInput empty(InputStream in) {
    return new BodyInput(in) {
      @Override
      boolean complete() {
        return true;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return -1;
      }
    };
  }

  /** A body of {@code Content-Length} bytes. */
  static final class Fixed extends BodyInput {
    final long length;
    private long remaining;

    Fixed(InputStream in, long length) {
      super(in);
      this.length = length;
      this.remaining = length;
    }

    @Override
    boolean complete() {
      return remaining == 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException(
            "the upstream closed the connection " + remaining + " bytes before the body's end");
      }
      remaining -= n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }

  /** A body in chunked transfer coding; trailers are read and dropped. */
  static final class Chunked extends BodyInput {
    private long chunkLeft;
    private boolean done;

    Chunked(InputStream in) {
      super(in);
    }

    @Override
    boolean complete() {
      return done;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (chunkLeft == 0) {
        chunkLeft = nextChunkSize();
        if (chunkLeft == 0) {
          while (!HttpLines.read(in).isEmpty()) {
            // trailer fields are not relayed
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the upstream closed the connection inside a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        String end = HttpLines.read(in);
        if (!end.isEmpty()) {
          throw new IOException("the upstream's chunk did not end with a line break");
        }
      }
      return n;
    }

    private long nextChunkSize() throws IOException {
      String line = HttpLines.read(in);
      int semicolon = line.indexOf(';');
      String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
      try {
        long size = Long.parseLong(hex, 16);
        if (size < 0 || hex.length() > 15) {
          throw new NumberFormatException(hex);
        }
        return size;
      } catch (NumberFormatException e) {
        throw new IOException("the upstream sent a malformed chunk size: '" + hex + "'");
      }
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), chunkLeft);
    }
  }

  /** A body that ends when the upstream closes the connection. */
  static final class UntilClose extends BodyInput {
    private boolean done;

    UntilClose(InputStream in) {
      super(in);
    }

    @Override
    boolean complete() {
      return false; // the connection ends with the body and is never reused
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      int n = in.read(b, off, len);
      done = n < 0;
      return n;
    }
  }
}
