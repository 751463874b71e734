package dev.proctor.gateway.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads CRLF-terminated lines of an HTTP/1.1 head or chunk framing, with a length limit. */
final class HttpLines {
  static final int MAX_LINE = 64 * 1024;

  private HttpLines() {}

  /**
   * @return the line without its line end; a bare LF ends a line too
   * @throws EOFException when the stream ends before the line does
   */
  static String read(InputStream in) throws IOException {
    if (in instanceof LineBufferedInput buffered) {
      return buffered.readLine(MAX_LINE); // an upstream connection's input: lines from its buffer
    }
    // an unbuffered stream (a proxy's answer to CONNECT, read before the TLS handshake)
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            line.isEmpty()
                ? "the upstream closed the connection"
                : "the upstream closed the connection in the middle of a line");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE) {
        throw new IOException("the upstream sent a line longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b); // ISO-8859-1, as RFC 9110 treats header octets
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
