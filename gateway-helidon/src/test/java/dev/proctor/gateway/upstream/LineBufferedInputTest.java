package dev.proctor.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineBufferedInputTest {
  private static final String HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\nX-Empty:\r\n\r\n";

  @Test
  void readsLinesWithEitherLineEndThenTheBodyRightAfterTheHead() throws IOException {
    LineBufferedInput in = new LineBufferedInput(stream(HEAD + "{\"a\":1}"), 16 * 1024);

    assertThat(in.readLine(100)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(in.readLine(100)).isEqualTo("Content-Type: application/json");
    assertThat(in.readLine(100)).isEqualTo("X-Empty:");
    assertThat(in.readLine(100)).isEmpty();
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("{\"a\":1}");
  }

  @Test
  void linesSplitAcrossReadsOfOneByteAndAcrossASmallBufferComeOutWhole() throws IOException {
    String longLine = "X-Long: " + "v".repeat(100);
    LineBufferedInput in = new LineBufferedInput(trickle(HEAD + longLine + "\r\n\r\nbody"), 8);

    assertThat(in.readLine(1000)).isEqualTo("HTTP/1.1 200 OK");
    assertThat(in.readLine(1000)).isEqualTo("Content-Type: application/json");
    assertThat(in.readLine(1000)).isEqualTo("X-Empty:");
    assertThat(in.readLine(1000)).isEmpty();
    assertThat(in.readLine(1000)).isEqualTo(longLine);
    assertThat(in.readLine(1000)).isEmpty();
    assertThat(in.read()).isEqualTo('b');
    assertThat(new String(in.readNBytes(10), StandardCharsets.ISO_8859_1)).isEqualTo("ody");
  }

  @Test
  void headerOctetsAreReadAsIso88591() throws IOException {
    byte[] bytes = {'X', ':', ' ', (byte) 0xe9, '\r', '\n'};
    LineBufferedInput in = new LineBufferedInput(new ByteArrayInputStream(bytes), 64);

    assertThat(in.readLine(100)).isEqualTo("X: é");
  }

  @Test
  void aLineOverTheLimitIsAnErrorEvenWhenItNeverEnds() {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'a';
          }
        };

    assertThatThrownBy(() -> new LineBufferedInput(endless, 16).readLine(1000))
        .isInstanceOf(IOException.class)
        .hasMessage("the upstream sent a line longer than 1000 bytes");
    assertThatThrownBy(
            () -> new LineBufferedInput(stream("a".repeat(1001) + "\n"), 4096).readLine(1000))
        .hasMessage("the upstream sent a line longer than 1000 bytes");
  }

  @Test
  void theEndOfTheStreamBeforeALineEndsSaysWhere() {
    assertThatThrownBy(() -> new LineBufferedInput(stream(""), 16).readLine(100))
        .isInstanceOf(EOFException.class)
        .hasMessage("the upstream closed the connection");
    assertThatThrownBy(() -> new LineBufferedInput(stream("HTTP/1.1 2"), 16).readLine(100))
        .isInstanceOf(EOFException.class)
        .hasMessage("the upstream closed the connection in the middle of a line");
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Hands out one byte per read, as a slow network might. */
  private static InputStream trickle(String s) {
    InputStream all = stream(s);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return all.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : all.read(b, off, 1);
      }
    };
  }
}
