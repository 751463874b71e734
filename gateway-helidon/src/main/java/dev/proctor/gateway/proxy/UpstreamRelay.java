package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeResponse;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.gateway.recording.ExchangeRecording;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one call upstream with the connection's credential and relays the answer: server-sent
 * events one by one, each recorded to the spool and then flushed to the client; other bodies as
 * they come. It ends the recording exactly once with the outcome.
 */
public final class UpstreamRelay {
  private static final System.Logger LOG = System.getLogger(UpstreamRelay.class.getName());
  private static final int MAX_RECORDED_BODY = 8 * 1024 * 1024;

  private final WebClient client;

  public UpstreamRelay(WebClient client) {
    this.client = requireNonNull(client, "client");
  }

  void forward(
      ServerRequest req,
      ServerResponse res,
      Connection connection,
      URI target,
      ProxyRequest request,
      ExchangeRecording recording)
      throws IOException {
    long start = System.nanoTime();
    HttpClientRequest upstream =
        client.method(Method.create(req.prologue().method().text())).uri(target);
    for (Header h : req.headers()) {
      if (HeaderRules.forwardUpstream(h.name())) {
        upstream.header(h);
      }
    }
    connection
        .defaultHeaders()
        .forEach(
            (name, value) -> {
              if (!req.headers().contains(HeaderNames.create(name))) {
                upstream.header(HeaderNames.create(name), value);
              }
            });
    String credential;
    try {
      credential = connection.credential().headerValue();
    } catch (IllegalStateException | UncheckedIOException e) {
      LOG.log(
          Level.ERROR,
          "upstream credential of {0} ({1}) unavailable: {2}",
          connection.name(),
          connection.credential(),
          e.getMessage());
      recording.end(
          end(
              Outcome.UPSTREAM_ERROR,
              start,
              request,
              0,
              new Usage(),
              Optional.empty(),
              Optional.of("the upstream credential is unavailable")));
      ProxyService.fail(
          res,
          connection.api(),
          502,
          "The gateway could not obtain its credential for connection '"
              + connection.name()
              + "'. Tell your platform team.");
      return;
    }
    upstream.header(HeaderNames.create(connection.credential().header()), credential);

    HttpClientResponse response;
    try {
      response = request.body().length > 0 ? upstream.submit(request.body()) : upstream.request();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "upstream {0} unreachable: {1}", connection.name(), e.getMessage());
      recording.end(
          end(
              Outcome.UPSTREAM_ERROR,
              start,
              request,
              0,
              new Usage(),
              Optional.empty(),
              Optional.of("upstream unreachable: " + e.getMessage())));
      ProxyService.fail(
          res,
          connection.api(),
          502,
          "The gateway could not reach the upstream of connection '" + connection.name() + "'.");
      return;
    }
    try (response) {
      relay(res, connection, request, recording, response, start);
    } finally {
      // A failure the relay did not foresee still ends the recording (end() is idempotent).
      recording.end(
          end(
              Outcome.UPSTREAM_ERROR,
              start,
              request,
              0,
              new Usage(),
              Optional.empty(),
              Optional.of("the gateway failed while relaying the response")));
    }
  }

  private void relay(
      ServerResponse res,
      Connection connection,
      ProxyRequest request,
      ExchangeRecording recording,
      HttpClientResponse response,
      long start)
      throws IOException {
    int status = response.status().code();
    Map<String, String> recordedHeaders = new LinkedHashMap<>();
    res.status(Status.create(status));
    for (Header h : response.headers()) {
      if (HeaderRules.forwardToClient(h.name())) {
        res.header(h);
      }
      if (HeaderRules.recordResponse(h.name())) {
        recordedHeaders.put(h.name().toLowerCase(Locale.ROOT), h.values());
      }
    }
    recording.response(new ExchangeResponse(status, recordedHeaders, millisSince(start)));
    boolean sse =
        response
            .headers()
            .contentType()
            .map(t -> t.mediaType().text().equals("text/event-stream"))
            .orElse(false);
    Outcome outcome = status >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.COMPLETED;
    Usage usage = new Usage();
    long sent = 0;
    Optional<String> detail = Optional.empty();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long responseStart = System.nanoTime();
    byte[] buffer = new byte[8192];
    SseFramer framer = new SseFramer();
    try (InputStream in = response.inputStream();
        OutputStream out = res.outputStream()) {
      int n;
      while ((n = readUpstream(in, buffer)) >= 0) {
        if (sse) {
          for (SseFramer.SseEvent event : framer.feed(buffer, 0, n)) {
            sent += relayEvent(out, recording, event, usage, responseStart);
          }
        } else {
          if (body.size() < MAX_RECORDED_BODY) {
            body.write(buffer, 0, Math.min(n, MAX_RECORDED_BODY - body.size()));
          }
          write(out, buffer, n);
          sent += n;
        }
      }
      if (sse) {
        Optional<SseFramer.SseEvent> rest = framer.finish();
        if (rest.isPresent()) {
          sent += relayEvent(out, recording, rest.get(), usage, responseStart);
        }
      }
      closeClientStream(out);
    } catch (ClientGoneException e) {
      outcome = Outcome.CLIENT_CANCELLED;
      detail = Optional.of("the client closed the connection");
    } catch (UpstreamBrokeException e) {
      outcome = Outcome.UPSTREAM_ERROR;
      detail = Optional.of("the upstream stream broke: " + e.getMessage());
    }
    Optional<JsonNode> recordedBody = Optional.empty();
    if (!sse && body.size() > 0) {
      recordedBody = Optional.of(parseBody(body.toByteArray()));
      recordedBody.ifPresent(usage::fromBody);
    }
    recording.end(end(outcome, start, request, sent, usage, recordedBody, detail));
  }

  private static long relayEvent(
      OutputStream out,
      ExchangeRecording recording,
      SseFramer.SseEvent event,
      Usage usage,
      long responseStart)
      throws IOException {
    recording.chunk(new ExchangeChunk(millisSince(responseStart), event.event(), event.data()));
    usage.fromChunk(event.data());
    write(out, event.raw(), event.raw().length);
    try {
      out.flush();
    } catch (IOException | UncheckedIOException | ServerConnectionException e) {
      throw new ClientGoneException(e);
    }
    return event.raw().length;
  }

  private static void closeClientStream(OutputStream out) {
    try {
      out.close();
    } catch (IOException | UncheckedIOException | ServerConnectionException e) {
      throw new ClientGoneException(e);
    }
  }

  private static int readUpstream(InputStream in, byte[] buffer) {
    try {
      return in.read(buffer);
    } catch (IOException | UncheckedIOException e) {
      throw new UpstreamBrokeException(e);
    }
  }

  private static void write(OutputStream out, byte[] bytes, int length) {
    try {
      out.write(bytes, 0, length);
    } catch (IOException | UncheckedIOException | ServerConnectionException e) {
      throw new ClientGoneException(e);
    }
  }

  private static JsonNode parseBody(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static ExchangeEnd end(
      Outcome outcome,
      long start,
      ProxyRequest request,
      long sent,
      Usage usage,
      Optional<JsonNode> body,
      Optional<String> detail) {
    return new ExchangeEnd(
        outcome,
        millisSince(start),
        request.body().length,
        sent,
        usage.result(),
        body,
        List.of(),
        detail);
  }

  private static double millisSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1_000.0) / 1_000.0;
  }

  /** Writing to the client failed: it went away. */
  private static final class ClientGoneException extends RuntimeException {
    ClientGoneException(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Reading from the upstream failed mid-body. */
  private static final class UpstreamBrokeException extends RuntimeException {
    UpstreamBrokeException(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }
}
