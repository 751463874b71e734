package dev.proctor.gateway.proxy;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;

/**
 * Bodies sent compressed ({@code Content-Encoding}), decoded so that the gateway checks, records
 * and forwards what they say. Coding agents do send compressed requests: Codex and others compress
 * large Responses API bodies with zstd or gzip. An upstream should not compress an answer the
 * gateway did not ask to be compressed, but a proxy on the way may. A body the gateway cannot read
 * is refused, never passed on unchecked.
 *
 * <p>Decoding a request is bounded: the decoded body may not be larger than the limit the gateway
 * sets for any body, whatever its compressed size, and a zstd frame may not ask for a window larger
 * than that. Answers are read within the relay's own limits.
 */
final class ContentCodings {
  private static final System.Logger LOG = System.getLogger(ContentCodings.class.getName());

  /** The codings the gateway decodes, as the error message names them. */
  static final String SUPPORTED = "gzip, deflate, br or zstd";

  /** 2^25 bytes: the decoded body's limit, so no frame that fits needs a larger window. */
  private static final int ZSTD_MAX_WINDOW_LOG = 25;

  private ContentCodings() {}

  /**
   * The codings a request's {@code Content-Encoding} values name, in the order the client applied
   * them, without {@code identity}; empty when the body was sent as it is.
   */
  static List<String> named(List<String> headerValues) {
    List<String> codings = new ArrayList<>();
    for (String value : headerValues) {
      for (String part : value.split(",")) {
        String coding = part.strip().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !coding.equals("identity")) {
          codings.add(coding);
        }
      }
    }
    return codings;
  }

  /**
   * Undoes {@code codings} (as {@link #named} gives them), last applied first.
   *
   * @throws UndecodableBodyException 415 for a coding the gateway does not know, 400 for a body
   *     that is not what its coding says, 413 for a decoded body larger than {@code limit} bytes
   */
  static byte[] decode(List<String> codings, byte[] body, int limit)
      throws UndecodableBodyException {
    for (String coding : codings) {
      if (known(coding) && !available(coding)) {
        throw new UndecodableBodyException(
            415,
            "unsupported_content_encoding",
            "This gateway cannot decode Content-Encoding '"
                + coding
                + "' right now (tell your platform team). Send the body uncompressed, or compressed"
                + " with gzip, deflate or br.");
      } else if (!known(coding)) {
        throw new UndecodableBodyException(
            415,
            "unsupported_content_encoding",
            "The gateway reads every request body to check it for secrets and to record it, and"
                + " cannot decode Content-Encoding '"
                + coding
                + "'. Send the body uncompressed, or compressed with "
                + SUPPORTED
                + ".");
      }
    }
    byte[] decoded = body;
    for (int i = codings.size() - 1; i >= 0; i--) {
      decoded = decodeOne(codings.get(i), decoded, limit, String.join(", ", codings));
    }
    return decoded;
  }

  /** Whether the gateway decodes every one of {@code codings}. */
  static boolean decodes(List<String> codings) {
    return codings.stream().allMatch(c -> known(c) && available(c));
  }

  /**
   * A body as it streams in, with {@code codings} undone, last applied first; for answers, which
   * are read as they come (a stream's events each as soon as it is decoded). A coding the gateway
   * does not know ({@link #decodes}) is an {@link IllegalArgumentException}.
   */
  static InputStream decoding(List<String> codings, InputStream in) throws IOException {
    InputStream decoded = in;
    for (int i = codings.size() - 1; i >= 0; i--) {
      decoded = decoding(codings.get(i), decoded);
    }
    return decoded;
  }

  private static boolean known(String coding) {
    return switch (coding) {
      case "gzip", "x-gzip", "deflate", "br", "zstd" -> true;
      default -> false;
    };
  }

  /** Whether a known coding can be decoded on this machine: zstd needs its native library. */
  private static boolean available(String coding) {
    return !coding.equals("zstd") || ZstdLibrary.LOADED;
  }

  /**
   * zstd's native library, unpacked to the temporary directory and loaded on first use. It can fail
   * to load (an unusual platform, or no writable temporary directory); zstd bodies are then refused
   * like a coding the gateway does not know, and the log says why, once.
   */
  private static final class ZstdLibrary {
    static final boolean LOADED = load();

    private static boolean load() {
      try {
        com.github.luben.zstd.util.Native.load();
        return true;
      } catch (LinkageError | RuntimeException e) {
        LOG.log(Level.ERROR, "zstd bodies cannot be decoded: its native library did not load", e);
        return false;
      }
    }
  }

  private static byte[] decodeOne(String coding, byte[] body, int limit, String header)
      throws UndecodableBodyException {
    try (InputStream in = decoding(coding, new ByteArrayInputStream(body))) {
      byte[] decoded = in.readNBytes(limit + 1);
      if (decoded.length > limit) {
        throw new UndecodableBodyException(
            413,
            "too_large",
            "The request body is larger than "
                + limit
                + " bytes once decoded (Content-Encoding: "
                + header
                + ").");
      }
      return decoded;
    } catch (IOException | RuntimeException e) {
      // zstd-jni reports a broken frame as a RuntimeException of its own
      throw new UndecodableBodyException(
          400,
          "undecodable_body",
          "The request body could not be decoded as "
              + coding
              + " (Content-Encoding: "
              + header
              + "): "
              + reason(e));
    }
  }

  private static InputStream decoding(String coding, InputStream in) throws IOException {
    return switch (coding) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      case "deflate" -> inflating(in);
      case "br" -> new BrotliInputStream(in);
      case "zstd" -> new ZstdInputStreamNoFinalizer(in).setLongMax(ZSTD_MAX_WINDOW_LOG);
      default -> throw new IllegalArgumentException(coding);
    };
  }

  /**
   * HTTP's {@code deflate} is the zlib format (RFC 9110), but some clients send a bare deflate
   * stream under that name; the first two bytes tell which.
   */
  private static InputStream inflating(InputStream raw) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    boolean zlib =
        first >= 0 && second >= 0 && (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
    Inflater inflater = new Inflater(!zlib);
    return new InflaterInputStream(in, inflater) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          inflater.end(); // a stream given its inflater leaves ending it to its owner
        }
      }
    };
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** A body the gateway will not forward, with the status and reason code it is refused with. */
  static final class UndecodableBodyException extends Exception {
    private final int status;
    private final String reasonCode;

    UndecodableBodyException(int status, String reasonCode, String message) {
      super(message);
      this.status = status;
      this.reasonCode = reasonCode;
    }

    int status() {
      return status;
    }

    String reasonCode() {
      return reasonCode;
    }
  }
}
