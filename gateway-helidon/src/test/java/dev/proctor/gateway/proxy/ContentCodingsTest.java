package dev.proctor.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentCodingsTest {
  static final byte[] BODY =
      "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"use AKIAZ7Q2MDK4RTSLW3XF\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  static final int LIMIT = 1024 * 1024;

  @Test
  void theCodingsAreReadFromEveryValueInTheOrderTheyWereApplied() {
    assertThat(ContentCodings.named(List.of("GZIP, identity", " zstd ")))
        .containsExactly("gzip", "zstd");
    assertThat(ContentCodings.named(List.of("identity"))).isEmpty();
    assertThat(ContentCodings.named(List.of())).isEmpty();
  }

  @Test
  void eachCodingDecodesToTheBodyTheClientWrote() throws Exception {
    assertThat(decode("gzip", gzip(BODY))).isEqualTo(BODY);
    assertThat(decode("x-gzip", gzip(BODY))).isEqualTo(BODY);
    assertThat(decode("zstd", zstd(BODY))).isEqualTo(BODY);
    assertThat(decode("deflate", deflate(BODY, false)))
        .as("zlib, as RFC 9110 says")
        .isEqualTo(BODY);
    assertThat(decode("deflate", deflate(BODY, true))).as("bare deflate").isEqualTo(BODY);
    // made with the brotli command-line tool: brotli -q 11 -c chat-request.json
    byte[] brotli;
    try (InputStream in = getClass().getResourceAsStream("/codings/chat-request.json.br")) {
      brotli = in.readAllBytes();
    }
    assertThat(new String(decode("br", brotli), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"compressed with brotli\"}]}");
  }

  @Test
  void stackedCodingsAreUndoneLastFirst() throws Exception {
    byte[] gzipThenZstd = zstd(gzip(BODY));
    assertThat(ContentCodings.decode(List.of("gzip", "zstd"), gzipThenZstd, LIMIT)).isEqualTo(BODY);
  }

  @Test
  void anUnknownCodingIsRefusedWith415NamingItAndWhatWouldDo() {
    assertThatThrownBy(() -> decode("compress", BODY))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(415);
              assertThat(e.reasonCode()).isEqualTo("unsupported_content_encoding");
            })
        .hasMessage(
            "The gateway reads every request body to check it for secrets and to record it, and"
                + " cannot decode Content-Encoding 'compress'. Send the body uncompressed, or"
                + " compressed with gzip, deflate, br or zstd.");
    assertThatThrownBy(() -> ContentCodings.decode(List.of("gzip", "lzma"), gzip(BODY), LIMIT))
        .as("nothing is decoded when any coding is unknown")
        .hasMessageContaining("'lzma'");
  }

  @Test
  void aBodyThatIsNotWhatItsCodingSaysIsRefusedWith400() throws Exception {
    byte[] truncated = Arrays.copyOf(gzip(BODY), 20);
    assertThatThrownBy(() -> decode("gzip", truncated))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith(
            "The request body could not be decoded as gzip (Content-Encoding: gzip): ");
    assertThatThrownBy(() -> decode("gzip", BODY)).hasMessageEndingWith("Not in GZIP format");
    assertThatThrownBy(() -> decode("zstd", BODY))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> decode("zstd", Arrays.copyOf(zstd(BODY), 12)))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> decode("br", BODY))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> decode("deflate", BODY))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void aSmallBodyThatDecodesPastTheLimitIsRefusedWith413() throws Exception {
    byte[] zeros = new byte[LIMIT + 1];
    byte[] bomb = gzip(zeros);
    assertThat(bomb.length).isLessThan(2_000);
    assertThatThrownBy(() -> decode("gzip", bomb))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(413))
        .hasMessage(
            "The request body is larger than 1048576 bytes once decoded (Content-Encoding: gzip).");
    assertThatThrownBy(() -> decode("zstd", zstd(zeros)))
        .isInstanceOfSatisfying(
            ContentCodings.UndecodableBodyException.class,
            e -> assertThat(e.status()).isEqualTo(413));
    assertThat(decode("gzip", gzip(new byte[LIMIT]))).hasSize(LIMIT);
  }

  @Test
  void anAnswerCutShortOrCorruptFailsAsAReadErrorNeverAsAQuietEnd() throws Exception {
    byte[] longer =
        (new String(BODY, StandardCharsets.UTF_8).repeat(50)).getBytes(StandardCharsets.UTF_8);
    for (String coding : List.of("gzip", "zstd", "deflate")) {
      byte[] whole = encode(coding, longer);
      for (byte[] broken :
          List.of(Arrays.copyOf(whole, whole.length / 2), Arrays.copyOf(whole, whole.length - 1))) {
        assertThatThrownBy(
                () ->
                    ContentCodings.decoding(List.of(coding), new ByteArrayInputStream(broken))
                        .readAllBytes())
            .as(coding + " cut to " + broken.length + " of " + whole.length)
            .isInstanceOf(IOException.class);
      }
      if (coding.equals("zstd")) {
        continue; // a zstd frame's checksum is optional (zstd-jni writes none by default)
      }
      byte[] corrupt = whole.clone();
      corrupt[corrupt.length / 2] ^= 0x55;
      assertThatThrownBy(
              () ->
                  ContentCodings.decoding(List.of(coding), new ByteArrayInputStream(corrupt))
                      .readAllBytes())
          .as(coding + " corrupt")
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aCompressedStreamIsDecodedEventByEventAsItArrives() throws Exception {
    for (String coding : List.of("gzip", "zstd")) {
      ArrivedSoFar upstream = new ArrivedSoFar();
      OutputStream wire =
          coding.equals("gzip")
              ? new GZIPOutputStream(upstream.sender(), true)
              : new ZstdOutputStream(upstream.sender());
      InputStream decoded = ContentCodings.decoding(List.of(coding), upstream);
      for (String event : List.of("data: {\"a\":1}\n\n", "data: [DONE]\n\n")) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        wire.write(bytes);
        wire.flush(); // the next event is not sent yet: reading must not ask for it
        assertThat(new String(decoded.readNBytes(bytes.length), StandardCharsets.UTF_8))
            .as(coding)
            .isEqualTo(event);
      }
      wire.close();
      upstream.end();
      assertThat(decoded.read()).as(coding).isEqualTo(-1);
    }
    assertThat(ContentCodings.decodes(List.of("gzip", "zstd"))).isTrue();
    assertThat(ContentCodings.decodes(List.of("gzip", "compress"))).isFalse();
  }

  /**
   * An upstream connection seen from the reading side: it holds only the bytes sent so far, and a
   * read that would have to wait for more fails the test instead of blocking.
   */
  private static final class ArrivedSoFar extends InputStream {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private int position;
    private boolean ended;

    OutputStream sender() {
      return sent;
    }

    void end() {
      ended = true;
    }

    @Override
    public int available() {
      return sent.size() - position;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (available() == 0) {
        if (ended) {
          return -1;
        }
        throw new AssertionError("the decoder waited for bytes the upstream has not sent yet");
      }
      int count = Math.min(length, available());
      System.arraycopy(sent.toByteArray(), position, into, offset, count);
      position += count;
      return count;
    }
  }

  private static byte[] decode(String coding, byte[] body)
      throws ContentCodings.UndecodableBodyException {
    return ContentCodings.decode(List.of(coding), body, LIMIT);
  }

  static byte[] gzip(byte[] body) throws IOException {
    return encoded(body, GZIPOutputStream::new);
  }

  static byte[] zstd(byte[] body) throws IOException {
    return encoded(body, ZstdOutputStream::new);
  }

  private static byte[] encode(String coding, byte[] body) throws IOException {
    return switch (coding) {
      case "gzip" -> gzip(body);
      case "zstd" -> zstd(body);
      case "deflate" -> deflate(body, false);
      default -> throw new IllegalArgumentException(coding);
    };
  }

  private static byte[] deflate(byte[] body, boolean bare) throws IOException {
    return encoded(body, out -> new DeflaterOutputStream(out, new Deflater(6, bare)));
  }

  private interface Encoder {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] encoded(byte[] body, Encoder encoder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = encoder.wrap(bytes)) {
      out.write(body);
    }
    return bytes.toByteArray();
  }
}
