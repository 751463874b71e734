package dev.proctor.gateway.proxy;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;
import java.util.NoSuchElementException;

/**
 * The proxy listener's content codings: every request body reaches the handler as the client sent
 * it, whatever its {@code Content-Encoding}, and no answer is compressed by the server.
 *
 * <p>Helidon otherwise refuses a request whose coding it has no decoder for before any handler
 * runs: an empty 400 that the client cannot explain, and that the gateway neither logs nor counts.
 * The proxy decodes bodies itself ({@link ContentCodings}), so that it can refuse what it cannot
 * read in the API's own error shape, and pass the bodies of {@code raw} paths on untouched.
 */
public final class UndecodedRequestBodies implements ContentEncodingContext {
  private final ContentEncodingContextConfig config = ContentEncodingContextConfig.create();

  @Override
  public boolean contentEncodingEnabled() {
    return false;
  }

  @Override
  public boolean contentDecodingEnabled() {
    return true;
  }

  @Override
  public boolean contentEncodingSupported(String encodingId) {
    return false;
  }

  @Override
  public boolean contentDecodingSupported(String encodingId) {
    return true;
  }

  @Override
  public ContentEncoder encoder(String encodingId) {
    throw new NoSuchElementException("the gateway does not compress answers: " + encodingId);
  }

  @Override
  public ContentDecoder decoder(String encodingId) {
    return ContentDecoder.NO_OP;
  }

  @Override
  public ContentEncoder encoder(Headers headers) {
    return ContentEncoder.NO_OP;
  }

  @Override
  public ContentEncodingContextConfig prototype() {
    return config;
  }
}
