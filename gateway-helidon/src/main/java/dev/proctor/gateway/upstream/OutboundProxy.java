package dev.proctor.gateway.upstream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy that the gateway's connections to HTTPS upstreams go through, as a {@code CONNECT}
 * tunnel: what {@code HTTPS_PROXY} names in most tools. Plain-HTTP upstreams (services inside the
 * network) are reached directly.
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param authorization the {@code Proxy-Authorization} value, when the proxy URL holds a user
 * @param bypass hosts reached directly, as {@code NO_PROXY} lists them
 */
public record OutboundProxy(
    String host, int port, Optional<String> authorization, List<String> bypass) {

  public OutboundProxy {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(authorization, "authorization");
    bypass = List.copyOf(bypass);
  }

  /**
   * Reads a proxy URL, {@code http://[user:password@]host[:port]} (the scheme may be left out; the
   * port defaults to 80), and a {@code NO_PROXY} list: comma-separated host names, each also
   * matching its subdomains ({@code example.com}, {@code .example.com} and {@code *.example.com}
   * alike), IP addresses, or {@code *} for every host. A {@code :port} after an entry is ignored.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code url}, without its password
   */
  public static OutboundProxy parse(String url, String noProxy) {
    String spec = url.strip().contains("://") ? url.strip() : "http://" + url.strip();
    URI uri;
    try {
      uri = URI.create(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the proxy URL is not a URL: " + withoutUser(spec));
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "the proxy URL must start with http:// (a TLS connection to the proxy itself is not"
              + " supported): "
              + withoutUser(spec));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("the proxy URL names no host: " + withoutUser(spec));
    }
    Optional<String> authorization =
        Optional.ofNullable(uri.getRawUserInfo())
            .map(u -> URLDecoder.decode(u, StandardCharsets.UTF_8))
            .map(
                u ->
                    "Basic "
                        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    return new OutboundProxy(
        uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, authorization, bypass(noProxy));
  }

  /** The host names and addresses of a {@code NO_PROXY} list, as {@link #carries} compares them. */
  private static List<String> bypass(String noProxy) {
    List<String> hosts = new ArrayList<>();
    for (String entry : noProxy.split(",")) {
      String host = entry.strip().toLowerCase(Locale.ROOT);
      if (host.startsWith("*.")) {
        host = host.substring(2);
      } else if (host.startsWith(".")) {
        host = host.substring(1);
      }
      int colon = host.lastIndexOf(':');
      if (colon > 0 && !host.startsWith("[") && host.indexOf(':') == colon) {
        host = host.substring(0, colon); // host:port
      }
      if (!host.isEmpty()) {
        hosts.add(host);
      }
    }
    return hosts;
  }

  /** Whether a connection to {@code target} goes through this proxy. */
  public boolean carries(URI target) {
    if (!"https".equalsIgnoreCase(target.getScheme())) {
      return false;
    }
    String host = target.getHost().toLowerCase(Locale.ROOT);
    for (String entry : bypass) {
      if (entry.equals("*") || host.equals(entry) || host.endsWith("." + entry)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The same choice for the JDK's own HTTP clients (the Copilot token exchange, OIDC discovery, the
   * approval webhook). They get no credentials from it: a proxy that wants them refuses those
   * calls.
   */
  public ProxySelector selector() {
    Proxy via = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(carries(uri) ? via : Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // nothing to remember: the next call tries the same way
      }
    };
  }

  /** {@code host:port}, for messages: never the credentials. */
  @Override
  public String toString() {
    return host + ":" + port;
  }

  private static String withoutUser(String spec) {
    return spec.replaceFirst("://[^/@]*@", "://");
  }
}
