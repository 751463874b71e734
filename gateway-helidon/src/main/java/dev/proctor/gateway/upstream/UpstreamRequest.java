package dev.proctor.gateway.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One call to an upstream: method, absolute target, the headers to send (without {@code Host},
 * {@code Content-Length} and {@code Transfer-Encoding}, which the client sets), and a body that is
 * either known ({@link #body}) or written as it comes ({@link #streamedBody}, sent chunked).
 */
public record UpstreamRequest(
    String method,
    URI target,
    List<HeaderField> headers,
    byte[] body,
    Optional<BodyWriter> streamedBody) {

  /** Writes a body whose length is not known in advance. */
  @FunctionalInterface
  public interface BodyWriter {
    /**
     * @return how many bytes were written
     */
    long writeTo(OutputStream out) throws IOException;
  }

  public UpstreamRequest {
    requireNonNull(method, "method");
    requireNonNull(target, "target");
    headers = List.copyOf(headers);
    requireNonNull(body, "body");
    requireNonNull(streamedBody, "streamedBody");
    if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
      throw new IllegalArgumentException("not an http(s) URL: " + target);
    }
  }

  /** A call with a known body, possibly empty; it can be sent again on a fresh connection. */
  public static UpstreamRequest of(
      String method, URI target, List<HeaderField> headers, byte[] body) {
    return new UpstreamRequest(method, target, headers, body, Optional.empty());
  }

  /** A call whose body is written as it comes, in chunked transfer coding. */
  public static UpstreamRequest streamed(
      String method, URI target, List<HeaderField> headers, BodyWriter body) {
    return new UpstreamRequest(method, target, headers, new byte[0], Optional.of(body));
  }
}
