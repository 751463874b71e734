package dev.proctor.gateway.upstream;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An upstream's answer: status, header fields as received, and the body. {@link #close} hands the
 * connection back for the next call when the body was read to its end, and closes it otherwise
 * (which is also how a relay cancels the upstream call).
 */
public final class UpstreamResponse implements AutoCloseable {
  private final ResponseHead head;
  private final BodyInput body;
  private final boolean reusable;
  private final UpstreamConnection connection;
  private final UpstreamClient client;
  private boolean closed;

  UpstreamResponse(
      ResponseHead head,
      BodyInput body,
      boolean reusable,
      UpstreamConnection connection,
      UpstreamClient client) {
    this.head = head;
    this.body = body;
    this.reusable = reusable;
    this.connection = connection;
    this.client = client;
  }

  public int status() {
    return head.status();
  }

  /** Every header field, in the order received; a name may repeat. */
  public List<HeaderField> headers() {
    return head.headers();
  }

  public Optional<String> header(String name) {
    return head.first(name);
  }

  /** Every value of the fields named {@code name}, in the order received. */
  public List<String> headers(String name) {
    return head.all(name);
  }

  /** The media type of {@code Content-Type}, lower case, without parameters. */
  public Optional<String> mediaType() {
    return head.first("content-type")
        .map(v -> v.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT));
  }

  /** The announced length of a body not sent in chunks. */
  public OptionalLong contentLength() {
    return body instanceof BodyInput.Fixed fixed
        ? OptionalLong.of(fixed.length)
        : OptionalLong.empty();
  }

  /** The body, ending where its framing ends; read it to its end to reuse the connection. */
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (reusable && body.complete()) {
      client.release(connection);
    } else {
      client.discard(connection);
    }
  }
}
