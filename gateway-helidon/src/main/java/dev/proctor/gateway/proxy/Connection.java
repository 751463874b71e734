package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;

/**
 * A named route to one upstream: {@code /c/<name>/<rest>} goes to {@code <upstream>/<rest>}.
 *
 * @param upstream origin plus optional base path, without a trailing slash
 * @param defaultHeaders sent upstream when the client did not send them (Copilot's {@code
 *     Editor-Version} and {@code Copilot-Integration-Id}, for example)
 */
public record Connection(
    String name,
    URI upstream,
    ApiFamily api,
    UpstreamCredential credential,
    Map<String, String> defaultHeaders) {

  public Connection {
    requireNonNull(name, "name");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "connection name: " + name + " (expected: lower-case letters, digits and dashes)");
    }
    requireNonNull(upstream, "upstream");
    requireNonNull(api, "api");
    requireNonNull(credential, "credential");
    defaultHeaders = Map.copyOf(defaultHeaders);
  }

  public Connection(String name, URI upstream, ApiFamily api, UpstreamCredential credential) {
    this(name, upstream, api, credential, Map.of());
  }

  /** The upstream address of a path below the connection, query included. */
  public URI target(String rest, String rawQuery) {
    String base = upstream.toString();
    int end = base.length();
    while (end > 0 && base.charAt(end - 1) == '/') {
      end--; // by hand: a regular expression here was compiled on every call
    }
    return URI.create(base.substring(0, end) + rest + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
  }
}
