package dev.proctor.gateway.upstream;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a request body in chunked transfer coding; {@link #close} sends the last chunk. */
final class ChunkedOutput extends OutputStream {
  private static final byte[] CRLF = {'\r', '\n'};
  private final OutputStream out;
  private boolean closed;

  ChunkedOutput(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the request body was already ended");
    }
    if (len == 0) {
      return; // a zero-size chunk would end the body
    }
    out.write(HttpLines.ascii(Integer.toHexString(len)));
    out.write(CRLF);
    out.write(b, off, len);
    out.write(CRLF);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Ends the body; the connection itself stays open. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.write(HttpLines.ascii("0\r\n\r\n"));
      out.flush();
    }
  }
}
