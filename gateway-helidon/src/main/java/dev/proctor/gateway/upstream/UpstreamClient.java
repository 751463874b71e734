package dev.proctor.gateway.upstream;

import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The gateway's HTTP/1.1 client to its upstreams: keep-alive connections pooled per origin, TLS
 * through the JDK, and nothing running between calls.
 *
 * <p>It exists for cost (docs/decisions/0008): a general client watched each pooled connection with
 * a reader thread and timed every read, and on a 2-core machine those wake-ups were a large share
 * of the gateway's CPU per call. Here an idle connection is only checked when it is taken again
 * after a pause, a call whose reused connection turns out closed is sent once more on a new one
 * (only when its body is known, so it can be sent again), and one watchdog enforces the read
 * timeout for all connections.
 */
public final class UpstreamClient implements AutoCloseable {
  /** Pooled connections idle at least this long are checked for a close by the peer first. */
  private static final long CHECK_AFTER_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

  private final int idlePerOrigin;
  private final Duration connectTimeout;
  private final ReadTimeouts readTimeouts;
  private final Optional<OutboundProxy> proxy;
  private final SSLSocketFactory tls;
  private final Map<String, Deque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> idleCounts = new ConcurrentHashMap<>();

  /** Straight to every upstream, trusting the JVM's certificate authorities. */
  public UpstreamClient(int idlePerOrigin, Duration connectTimeout, Duration readTimeout) {
    this(idlePerOrigin, connectTimeout, readTimeout, Optional.empty());
  }

  /**
   * @param idlePerOrigin how many idle connections are kept per origin
   * @param connectTimeout longest wait for a connection to open, TLS handshake and proxy tunnel
   *     included
   * @param readTimeout longest silence of an upstream while the gateway waits to read
   * @param proxy the proxy that connections to HTTPS upstreams go through, unless it bypasses them
   */
  public UpstreamClient(
      int idlePerOrigin,
      Duration connectTimeout,
      Duration readTimeout,
      Optional<OutboundProxy> proxy) {
    this(
        idlePerOrigin,
        connectTimeout,
        readTimeout,
        proxy,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** As above, with the TLS socket factory given: tests trust their own certificate with it. */
  UpstreamClient(
      int idlePerOrigin,
      Duration connectTimeout,
      Duration readTimeout,
      Optional<OutboundProxy> proxy,
      SSLSocketFactory tls) {
    this.idlePerOrigin = idlePerOrigin;
    this.connectTimeout = connectTimeout;
    this.readTimeouts = new ReadTimeouts(readTimeout);
    this.proxy = requireNonNull(proxy, "proxy");
    this.tls = requireNonNull(tls, "tls");
  }

  /**
   * Sends {@code request} and reads the response head; the caller reads the body and closes the
   * response.
   *
   * @throws IOException when the upstream cannot be reached or its answer is not HTTP/1.x
   */
  public UpstreamResponse send(UpstreamRequest request) throws IOException {
    String origin = origin(request.target());
    Optional<UpstreamConnection> pooled = takeIdle(origin);
    if (pooled.isPresent()) {
      try {
        return exchange(pooled.get(), request);
      } catch (StaleConnection e) {
        discard(pooled.get());
        if (request.streamedBody().isPresent()) {
          throw e.reason(); // its body was read from the client once and cannot be sent again
        }
        // the upstream had closed the kept-alive connection: a new one gets the same call
      } catch (IOException | RuntimeException e) {
        discard(pooled.get());
        throw e;
      }
    }
    UpstreamConnection fresh = connect(origin, request.target());
    try {
      return exchange(fresh, request);
    } catch (StaleConnection e) {
      discard(fresh);
      throw e.reason();
    } catch (IOException | RuntimeException e) {
      discard(fresh);
      throw e;
    }
  }

  private UpstreamResponse exchange(UpstreamConnection connection, UpstreamRequest request)
      throws IOException {
    try {
      writeRequest(connection.out(), request);
    } catch (SocketException e) {
      throw new StaleConnection(e);
    }
    ResponseHead head;
    try {
      head = ResponseHead.read(connection.in());
    } catch (EOFException | SocketException e) {
      throw new StaleConnection(e); // nothing of an answer came back
    }
    boolean noBody =
        request.method().equals("HEAD")
            || head.status() == 204
            || head.status() == 304
            || head.status() == 101;
    BodyInput body;
    boolean reusable =
        !head.lists("connection", "close")
            && (head.version().equals("HTTP/1.1") || head.lists("connection", "keep-alive"));
    if (noBody) {
      body = BodyInput.empty(connection.in());
    } else if (head.lists("transfer-encoding", "chunked")) {
      body = new BodyInput.Chunked(connection.in());
    } else if (head.first("content-length").isPresent()) {
      body = new BodyInput.Fixed(connection.in(), contentLength(head));
    } else {
      body = new BodyInput.UntilClose(connection.in());
      reusable = false;
    }
    return new UpstreamResponse(head, body, reusable && head.status() != 101, connection, this);
  }

  private static long contentLength(ResponseHead head) throws IOException {
    String value = head.first("content-length").orElseThrow();
    try {
      long length = Long.parseLong(value.strip());
      if (length < 0) {
        throw new NumberFormatException(value);
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("the upstream sent a malformed Content-Length: '" + value + "'");
    }
  }

  private static void writeRequest(OutputStream out, UpstreamRequest request) throws IOException {
    URI target = request.target();
    String path =
        target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
    StringBuilder head = new StringBuilder(512).append(request.method()).append(' ').append(path);
    if (target.getRawQuery() != null) {
      head.append('?').append(target.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(hostHeader(target)).append("\r\n");
    for (HeaderField h : request.headers()) {
      head.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    if (request.streamedBody().isPresent()) {
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      out.write(HttpLines.ascii(head.toString()));
      ChunkedOutput chunked = new ChunkedOutput(out);
      request.streamedBody().get().writeTo(chunked);
      chunked.close();
      return;
    }
    byte[] body = request.body();
    if (body.length > 0 || !request.method().equals("GET") && !request.method().equals("HEAD")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(HttpLines.ascii(head.toString()));
    out.write(body);
    out.flush();
  }

  private static String hostHeader(URI target) {
    int port = target.getPort();
    boolean defaultPort =
        port < 0
            || port == 80 && target.getScheme().equals("http")
            || port == 443 && target.getScheme().equals("https");
    String host = target.getHost().contains(":") ? "[" + target.getHost() + "]" : target.getHost();
    return defaultPort ? host : host + ":" + port;
  }

  private Optional<UpstreamConnection> takeIdle(String origin) {
    Deque<UpstreamConnection> queue = idle.get(origin);
    if (queue == null) {
      return Optional.empty();
    }
    UpstreamConnection connection;
    while ((connection = queue.pollFirst()) != null) {
      idleCounts.get(origin).decrementAndGet();
      long idleFor = System.nanoTime() - connection.idleSince();
      if (idleFor < CHECK_AFTER_IDLE_NANOS || !connection.closedByPeer()) {
        return Optional.of(connection);
      }
      discard(connection);
    }
    return Optional.empty();
  }

  private UpstreamConnection connect(String origin, URI target) throws IOException {
    boolean https = target.getScheme().equals("https");
    int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
    Optional<OutboundProxy> via = proxy.filter(p -> p.carries(target));
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true); // small writes must not wait for delayed ACKs
      int timeout = (int) connectTimeout.toMillis();
      socket.connect(
          via.isPresent()
              ? new InetSocketAddress(via.get().host(), via.get().port())
              : new InetSocketAddress(target.getHost(), port),
          timeout);
      socket.setSoTimeout(timeout); // the tunnel and the handshake; reads after it have none
      if (via.isPresent()) {
        tunnel(socket, via.get(), target.getHost(), port);
      }
      if (https) {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.getHost(), port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        socket = ssl;
      }
      socket.setSoTimeout(0);
      UpstreamConnection connection = new UpstreamConnection(origin, socket);
      readTimeouts.watch(connection);
      return connection;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Asks the proxy for a tunnel to {@code host:port} ({@code CONNECT}, RFC 9110 9.3.6). */
  private static void tunnel(Socket socket, OutboundProxy proxy, String host, int port)
      throws IOException {
    // URI.getHost() keeps an IPv6 literal's brackets, as the authority needs them
    String authority = host + ":" + port;
    StringBuilder head = new StringBuilder(128);
    head.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(authority).append("\r\n");
    proxy
        .authorization()
        .ifPresent(a -> head.append("Proxy-Authorization: ").append(a).append("\r\n"));
    head.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(HttpLines.ascii(head.toString()));
    out.flush();
    ResponseHead answer;
    try {
      answer = ResponseHead.read(socket.getInputStream());
    } catch (IOException e) {
      throw new IOException(
          "the proxy " + proxy + " gave no tunnel to " + authority + ": " + e.getMessage(), e);
    }
    if (answer.status() / 100 != 2) {
      throw new IOException(
          "the proxy "
              + proxy
              + " refused a tunnel to "
              + authority
              + ": HTTP "
              + answer.status()
              + (answer.status() == 407 ? " (it wants credentials in the proxy URL)" : ""));
    }
  }

  /** Takes back a connection whose last answer was read to its end. */
  void release(UpstreamConnection connection) {
    if (connection.isClosed()) {
      readTimeouts.forget(connection);
      return;
    }
    AtomicInteger count = idleCounts.computeIfAbsent(connection.origin, o -> new AtomicInteger());
    if (count.incrementAndGet() > idlePerOrigin) {
      count.decrementAndGet();
      discard(connection);
      return;
    }
    connection.idle(System.nanoTime());
    idle.computeIfAbsent(connection.origin, o -> new ConcurrentLinkedDeque<>())
        .offerFirst(connection);
  }

  void discard(UpstreamConnection connection) {
    readTimeouts.forget(connection);
    connection.close();
  }

  private static String origin(URI target) {
    return target.getScheme() + "://" + target.getHost() + ":" + target.getPort();
  }

  /** Closes every connection, idle or in use. */
  @Override
  public void close() {
    readTimeouts.close();
    readTimeouts.open().forEach(UpstreamConnection::close);
    idle.clear();
  }

  /** A reused connection that the upstream had already closed; the call may go again. */
  private static final class StaleConnection extends IOException {
    StaleConnection(IOException cause) {
      super(cause.getMessage(), cause);
    }

    IOException reason() {
      return (IOException) getCause();
    }
  }
}
