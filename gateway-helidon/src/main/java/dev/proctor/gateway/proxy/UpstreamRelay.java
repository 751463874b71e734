package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeResponse;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.gateway.masking.EventStreamMasker;
import dev.proctor.gateway.masking.Masking;
import dev.proctor.gateway.masking.MaskingPolicy;
import dev.proctor.gateway.observability.AccessLog;
import dev.proctor.gateway.observability.Metrics;
import dev.proctor.gateway.recording.ExchangeRecording;
import dev.proctor.gateway.sse.SseEvent;
import dev.proctor.gateway.sse.SseFramer;
import dev.proctor.gateway.upstream.HeaderField;
import dev.proctor.gateway.upstream.UpstreamClient;
import dev.proctor.gateway.upstream.UpstreamRequest;
import dev.proctor.gateway.upstream.UpstreamResponse;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sends one call upstream with the connection's credential and relays the answer: server-sent
 * events one by one, each recorded to the spool and then flushed to the client; other bodies as
 * they come. Every path ends in {@link Call#finish}, which ends the recording exactly once, counts
 * the exchange and writes the access log line.
 */
public final class UpstreamRelay {
  private static final System.Logger LOG = System.getLogger(UpstreamRelay.class.getName());
  private static final int MAX_RECORDED_BODY = 8 * 1024 * 1024;

  private final UpstreamClient client;
  private final Metrics metrics;
  private final Masking masking;

  public UpstreamRelay(UpstreamClient client, Metrics metrics, Masking masking) {
    this.client = requireNonNull(client, "client");
    this.metrics = requireNonNull(metrics, "metrics");
    this.masking = requireNonNull(masking, "masking");
  }

  void forward(
      ServerRequest req,
      ServerResponse res,
      String subject,
      Connection connection,
      URI target,
      ProxyRequest request,
      ExchangeRecording recording,
      MaskingPolicy maskResponse,
      long arrived)
      throws IOException {
    Call call = new Call(subject, connection, request, recording, maskResponse, arrived);
    List<HeaderField> headers = new ArrayList<>();
    for (Header h : req.headers()) {
      if (request.streamBody()
          ? HeaderRules.forwardUpstream(h.name())
          : HeaderRules.forwardUpstreamWithReadBody(h.name())) {
        for (String value : h.allValues()) {
          headers.add(new HeaderField(h.name(), value));
        }
      }
    }
    connection
        .defaultHeaders()
        .forEach(
            (name, value) -> {
              if (!req.headers().contains(HeaderNames.create(name))) {
                headers.add(new HeaderField(name, value));
              }
            });
    try {
      headers.add(
          new HeaderField(connection.credential().header(), connection.credential().headerValue()));
    } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
      LOG.log(
          Level.ERROR,
          "upstream credential of {0} ({1}) unavailable: {2}",
          connection.name(),
          connection.credential(),
          e.getMessage());
      call.finish(
          Outcome.UPSTREAM_ERROR,
          502,
          0,
          Optional.empty(),
          "the upstream credential is unavailable");
      ProxyService.fail(
          res,
          connection.api(),
          502,
          "The gateway could not obtain its credential for connection '"
              + connection.name()
              + "'. Tell your platform team.");
      return;
    }
    String method = req.prologue().method().text();
    UpstreamRequest upstream =
        request.streamBody()
            ? UpstreamRequest.streamed(
                method,
                target,
                headers,
                out -> {
                  try (InputStream in = req.content().inputStream()) {
                    call.bytesIn = in.transferTo(out);
                    return call.bytesIn;
                  }
                })
            : UpstreamRequest.of(method, target, headers, request.body());

    UpstreamResponse response;
    call.sentUpstream = System.nanoTime();
    try {
      response = client.send(upstream);
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "upstream {0} unreachable: {1}", connection.name(), e.getMessage());
      call.finish(
          Outcome.UPSTREAM_ERROR,
          502,
          0,
          Optional.empty(),
          "upstream unreachable: " + e.getMessage());
      ProxyService.fail(
          res,
          connection.api(),
          502,
          "The gateway could not reach the upstream of connection '" + connection.name() + "'.");
      return;
    }
    try (response) {
      relay(res, call, response);
    } finally {
      // A failure the relay did not foresee still ends the recording; finish() runs once.
      call.finish(
          Outcome.UPSTREAM_ERROR,
          502,
          0,
          Optional.empty(),
          "the gateway failed while relaying the response");
    }
  }

  private void relay(ServerResponse res, Call call, UpstreamResponse response) throws IOException {
    int status = response.status();
    boolean sse = response.mediaType().filter("text/event-stream"::equals).isPresent();
    boolean inspected = call.maskResponse != MaskingPolicy.OFF && call.request.api() != ApiKind.RAW;
    // The gateway asks for answers as they are (no Accept-Encoding), but an upstream or a proxy on
    // the way may compress one anyway: what the gateway inspects, parses or splits into events it
    // reads decoded, and what it must inspect but cannot decode it refuses.
    List<String> codings = ContentCodings.named(response.headers("content-encoding"));
    boolean decodable = ContentCodings.decodes(codings);
    if (!decodable && (sse || inspected)) {
      refuseUndecodable(res, call, String.join(", ", codings));
      return;
    }
    boolean decoded = !codings.isEmpty() && decodable && (sse || call.request.api() != ApiKind.RAW);
    Map<String, List<String>> toClient = new LinkedHashMap<>();
    Map<String, String> recordedHeaders = new LinkedHashMap<>();
    res.status(Status.create(status));
    for (HeaderField h : response.headers()) {
      String name = h.name().toLowerCase(Locale.ROOT);
      if (HeaderRules.forwardToClient(name) && !(decoded && name.equals("content-encoding"))) {
        toClient.computeIfAbsent(name, n -> new ArrayList<>()).add(h.value());
      }
      if (HeaderRules.recordResponse(name)) {
        recordedHeaders.merge(name, h.value(), (a, b) -> a + ", " + b);
      }
    }
    toClient.forEach((name, values) -> res.header(name, values.toArray(String[]::new)));
    double ttfb = millisSince(call.sentUpstream);
    metrics.timeToFirstByte(call.connection.name(), ttfb);
    ExchangeResponse head = new ExchangeResponse(status, recordedHeaders, ttfb);
    if (sse) {
      call.recording.response(head); // chunks follow; the head must come first in the chain
    } else {
      call.pendingHead = Optional.of(head); // written with the end, in one round of the lock
      call.headAt = Instant.now();
    }
    Outcome outcome = status >= 400 ? Outcome.UPSTREAM_ERROR : Outcome.COMPLETED;
    String detail = "";
    byte[] body = new byte[0];
    OptionalLong length = decoded ? OptionalLong.empty() : response.contentLength();
    try (InputStream in =
        decoded ? ContentCodings.decoding(codings, response.body()) : response.body()) {
      if (sse) {
        OutputStream out = res.outputStream();
        relayEvents(in, out, call, outcome, status);
        // The end is recorded before the client sees the stream end: a client that has its whole
        // answer has it recorded too, even if the gateway dies right after.
        call.finish(outcome, status, call.sent, Optional.empty(), "");
        closeClientStream(out);
        return;
      } else if (inspected || (length.isPresent() && length.getAsLong() <= MAX_RECORDED_BODY)) {
        Optional<byte[]> whole = readWhole(in, length);
        if (whole.isEmpty()) {
          refuseUninspectable(res, call);
          return;
        }
        relayWhole(res, call, outcome, status, maskAnswer(call, whole.get()));
        return;
      } else {
        body = relayBytes(in, res.outputStream(), call);
      }
    } catch (ClientGoneException e) {
      outcome = Outcome.CLIENT_CANCELLED;
      detail = "the client closed the connection";
    } catch (UpstreamBrokeException e) {
      outcome = Outcome.UPSTREAM_ERROR;
      detail = "the upstream stream broke: " + e.getMessage();
    }
    Optional<JsonNode> recordedBody = Optional.empty();
    if (!sse && body.length > 0) {
      recordedBody = Optional.of(parseBody(body));
      recordedBody.ifPresent(call.usage::fromBody);
    }
    call.finish(outcome, status, call.sent, recordedBody, detail);
  }

  /**
   * A whole answer and what the recording keeps of it.
   *
   * @param recorded the parsed answer, masked unless masking is off; empty for an empty body
   */
  private record Answer(byte[] toClient, Optional<JsonNode> recorded) {}

  /**
   * A whole answer of a model API: the client receives it masked when the policy says so, and the
   * recording keeps it masked unless masking is off. Bodies that are not a JSON object pass as they
   * are.
   */
  private Answer maskAnswer(Call call, byte[] body) {
    if (body.length == 0) {
      return new Answer(body, Optional.empty());
    }
    JsonNode json = parseBody(body);
    if (call.maskResponse == MaskingPolicy.OFF
        || call.request.api() == ApiKind.RAW
        || !json.isObject()) {
      return new Answer(body, Optional.of(json));
    }
    List<Finding> found =
        masking.masker().apply(json, Finding.Direction.RESPONSE, call.maskResponse.action());
    call.findings.addAll(found);
    if (found.isEmpty() || call.maskResponse != MaskingPolicy.MASK) {
      return new Answer(body, Optional.of(json));
    }
    return new Answer(masking.masker().toSend(body, json, found), Optional.of(json));
  }

  /**
   * Records a whole answer's end, then sends it: the spool holds the complete exchange before any
   * byte of it reaches the client. A client gone while it is written does not change the record.
   */
  private void relayWhole(ServerResponse res, Call call, Outcome outcome, int status, Answer answer)
      throws IOException {
    byte[] body = answer.toClient();
    call.sent = body.length;
    answer.recorded().ifPresent(call.usage::fromBody);
    call.finish(outcome, status, call.sent, answer.recorded(), "");
    try {
      send(res, body);
    } catch (ClientGoneException e) {
      LOG.log(Level.DEBUG, "client left while a recorded answer was sent: {0}", e.getMessage());
    }
  }

  /**
   * Relays server-sent events one by one: each is masked, recorded, then flushed to the client. The
   * event that ends the answer ({@code [DONE]}, {@code message_stop}, {@code response.completed})
   * is recorded together with the exchange's end before the client gets it, so a client that has
   * its whole answer has it recorded. When the stream breaks, text the masker holds back is
   * dropped, and its findings so far kept.
   */
  private void relayEvents(InputStream in, OutputStream out, Call call, Outcome outcome, int status)
      throws IOException {
    long responseStart = System.nanoTime();
    byte[] buffer = new byte[8192];
    SseFramer framer = new SseFramer();
    EventStreamMasker masker =
        new EventStreamMasker(
            masking.masker(),
            call.request.api() == ApiKind.RAW ? MaskingPolicy.OFF : call.maskResponse);
    call.streamMasker = Optional.of(masker);
    try {
      int n;
      while ((n = readUpstream(in, buffer)) >= 0) {
        for (SseEvent event : framer.feed(buffer, 0, n)) {
          relayEvent(out, call, event, masker, outcome, status, responseStart);
        }
      }
      Optional<SseEvent> rest = framer.finish();
      if (rest.isPresent()) {
        relayEvent(out, call, rest.get(), masker, outcome, status, responseStart);
      }
      relayEvents(out, call, masker.finish(), responseStart);
    } catch (ClientGoneException | UpstreamBrokeException e) {
      masker.abandon();
      throw e;
    }
  }

  private static void relayEvent(
      OutputStream out,
      Call call,
      SseEvent event,
      EventStreamMasker masker,
      Outcome outcome,
      int status,
      long responseStart)
      throws IOException {
    call.usage.fromChunk(event.data());
    EventStreamMasker.Relay relay = masker.apply(event);
    if (!endsAnswer(event)) {
      relayEvents(out, call, relay, responseStart);
      return;
    }
    double offset = millisSince(responseStart);
    for (SseEvent e : relay.toRecord()) {
      call.recording.chunk(new ExchangeChunk(offset, e.event(), e.data()));
    }
    long last = relay.toClient().stream().mapToLong(e -> e.raw().length).sum();
    call.finish(outcome, status, call.sent + last, Optional.empty(), "");
    relayEvents(out, call, new EventStreamMasker.Relay(relay.toClient(), List.of()), responseStart);
  }

  /** The last event of an OpenAI, Anthropic or responses stream. */
  private static boolean endsAnswer(SseEvent event) {
    if (event.data().equals("[DONE]")) {
      return true;
    }
    return event
        .event()
        .filter(
            name ->
                name.equals("message_stop")
                    || name.equals("response.completed")
                    || name.equals("response.failed")
                    || name.equals("response.incomplete"))
        .isPresent();
  }

  /**
   * Relays a body of unknown or large size as it comes.
   *
   * @return its first {@link #MAX_RECORDED_BODY} bytes, to be recorded
   */
  private static byte[] relayBytes(InputStream in, OutputStream out, Call call) {
    ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = readUpstream(in, buffer)) >= 0) {
      if (recorded.size() < MAX_RECORDED_BODY) {
        recorded.write(buffer, 0, Math.min(n, MAX_RECORDED_BODY - recorded.size()));
      }
      write(out, buffer, n);
      call.sent += n;
    }
    closeClientStream(out);
    return recorded.toByteArray();
  }

  /**
   * An answer the gateway must read but cannot decode is refused rather than let through unread.
   */
  private static void refuseUndecodable(ServerResponse res, Call call, String coding)
      throws IOException {
    call.finish(
        Outcome.UPSTREAM_ERROR,
        502,
        0,
        Optional.empty(),
        "the answer came in Content-Encoding '" + coding + "', which the gateway cannot decode");
    ProxyService.fail(
        res,
        call.connection.api(),
        502,
        "The upstream's answer came compressed as '"
            + coding
            + "', which the gateway cannot decode to inspect it for secrets.");
  }

  /**
   * An answer that must be inspected for secrets is too large to hold: it is refused rather than
   * let through unread.
   */
  private static void refuseUninspectable(ServerResponse res, Call call) throws IOException {
    String limit = MAX_RECORDED_BODY / (1024 * 1024) + " MiB";
    call.finish(
        Outcome.UPSTREAM_ERROR,
        502,
        0,
        Optional.empty(),
        "the answer is larger than " + limit + ", too large to inspect for secrets");
    ProxyService.fail(
        res,
        call.connection.api(),
        502,
        "The upstream's answer is larger than "
            + limit
            + ", too large for the gateway to inspect for secrets.");
  }

  /**
   * A whole answer, in one piece: its announced length, or up to {@link #MAX_RECORDED_BODY} when
   * none was announced.
   *
   * @return empty when the answer is larger than {@link #MAX_RECORDED_BODY}
   */
  private static Optional<byte[]> readWhole(InputStream in, OptionalLong length) {
    if (length.isPresent()) {
      return length.getAsLong() <= MAX_RECORDED_BODY
          ? Optional.of(readExactly(in, (int) length.getAsLong()))
          : Optional.empty();
    }
    try {
      byte[] body = in.readNBytes(MAX_RECORDED_BODY + 1);
      return body.length <= MAX_RECORDED_BODY ? Optional.of(body) : Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      throw new UpstreamBrokeException(e);
    }
  }

  /** Reads a body whose length the upstream announced, in one piece. */
  private static byte[] readExactly(InputStream in, int length) {
    try {
      byte[] body = in.readNBytes(length);
      in.read(); // reaches the end, so that the connection goes back to the pool
      if (body.length < length) {
        throw new UpstreamBrokeException(
            new IOException(
                "the body ended after " + body.length + " of " + length + " announced bytes"));
      }
      return body;
    } catch (IOException | UncheckedIOException e) {
      throw new UpstreamBrokeException(e);
    }
  }

  private static void send(ServerResponse res, byte[] body) {
    try {
      res.send(body);
    } catch (UncheckedIOException | ServerConnectionException e) {
      throw new ClientGoneException(e);
    }
  }

  /** Records the events of one upstream event, then writes them and flushes once. */
  private static void relayEvents(
      OutputStream out, Call call, EventStreamMasker.Relay relay, long responseStart)
      throws IOException {
    if (relay.toClient().isEmpty() && relay.toRecord().isEmpty()) {
      return;
    }
    double offset = millisSince(responseStart);
    for (SseEvent event : relay.toRecord()) {
      call.recording.chunk(new ExchangeChunk(offset, event.event(), event.data()));
    }
    for (SseEvent event : relay.toClient()) {
      write(out, event.raw(), event.raw().length);
      call.sent += event.raw().length;
    }
    try {
      out.flush();
    } catch (IOException | UncheckedIOException | ServerConnectionException e) {
      throw new ClientGoneException(e);
    }
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

  private static double millisSince(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1_000.0) / 1_000.0;
  }

  /** One call's state while it is relayed. */
  private final class Call {
    final String subject;
    final Connection connection;
    final ProxyRequest request;
    final ExchangeRecording recording;
    final MaskingPolicy maskResponse;
    final long start;
    final Usage usage = new Usage();
    final List<Finding> findings = new java.util.ArrayList<>();
    long sent;
    long bytesIn;
    long sentUpstream;
    Optional<ExchangeResponse> pendingHead = Optional.empty();
    Optional<EventStreamMasker> streamMasker = Optional.empty();
    Instant headAt = Instant.EPOCH;

    Call(
        String subject,
        Connection connection,
        ProxyRequest request,
        ExchangeRecording recording,
        MaskingPolicy maskResponse,
        long start) {
      this.subject = subject;
      this.connection = connection;
      this.request = request;
      this.recording = recording;
      this.maskResponse = maskResponse;
      this.start = start;
      this.bytesIn = request.body().length;
    }

    private List<Finding> allFindings() {
      List<Finding> all = new java.util.ArrayList<>(findings);
      streamMasker.ifPresent(m -> all.addAll(m.findings()));
      return List.copyOf(all);
    }

    /** Ends the recording, counts the exchange and logs it; only the first call has effect. */
    void finish(Outcome outcome, int status, long bytesOut, Optional<JsonNode> body, String detail)
        throws IOException {
      double duration = millisSince(start);
      ExchangeEnd end =
          new ExchangeEnd(
              outcome,
              duration,
              bytesIn,
              bytesOut,
              usage.result(),
              body,
              allFindings(),
              detail.isEmpty() ? Optional.empty() : Optional.of(detail));
      boolean ended =
          pendingHead.isPresent()
              ? recording.respondAndEnd(pendingHead.get(), headAt, end)
              : recording.end(end);
      if (ended) {
        metrics.exchange(connection.name(), request.api().wireName(), outcome.wireName(), duration);
        AccessLog.exchange(
            recording.sid(),
            recording.xid(),
            subject,
            connection.name(),
            request.api().wireName(),
            status,
            outcome.wireName(),
            duration,
            bytesIn,
            bytesOut);
      }
    }
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
