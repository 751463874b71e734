package dev.proctor.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A TCP server that answers each HTTP/1.1 request with the bytes a test scripts, so that the
 * client's handling of framing, keep-alive and broken connections can be tested byte by byte.
 */
final class WireServer implements AutoCloseable {
  /** What the server does with one request on a connection. */
  interface Script {
    /**
     * @param n the request's number on its connection, from 0
     * @return false to close the connection after answering
     */
    boolean answer(Request request, int n, OutputStream out) throws IOException;
  }

  record Request(String head, byte[] body) {
    String line() {
      return head.lines().findFirst().orElse("");
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger closedByClient = new AtomicInteger();
  private final ServerSocket server;
  private final Script script;

  private final String scheme;

  WireServer(Script script) throws IOException {
    this(script, Optional.empty());
  }

  /** With {@code tls}, the server speaks HTTPS with that context's certificate. */
  WireServer(Script script, Optional<SSLContext> tls) throws IOException {
    this.script = script;
    this.scheme = tls.isPresent() ? "https" : "http";
    this.server =
        tls.isPresent()
            ? tls.get().getServerSocketFactory().createServerSocket(0, 50, LOOPBACK)
            : new ServerSocket(0, 50, LOOPBACK);
    Thread.ofVirtual().start(this::accept);
  }

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  String url(String path) {
    return url("127.0.0.1", path);
  }

  /** The URL of {@code path} with {@code host} as its host name (it must lead to loopback). */
  String url(String host, String path) {
    return scheme + "://" + host + ":" + server.getLocalPort() + path;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      for (int n = 0; ; n++) {
        String head = readHead(in);
        if (head == null) {
          closedByClient.incrementAndGet();
          return;
        }
        Request request = new Request(head, readBody(head, in));
        requests.add(request);
        boolean keep = script.answer(request, n, out);
        out.flush();
        if (!keep) {
          return;
        }
      }
    } catch (IOException e) {
      closedByClient.incrementAndGet();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static byte[] readBody(String head, InputStream in) throws IOException {
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("transfer-encoding: chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(in), 16);
        if (size == 0) {
          line(in);
          return body.toByteArray();
        }
        body.write(in.readNBytes(size));
        line(in);
      }
    }
    for (String l : lower.split("\r\n")) {
      if (l.startsWith("content-length:")) {
        return in.readNBytes(Integer.parseInt(l.substring(15).strip()));
      }
    }
    return new byte[0];
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("eof");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
