package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A named route to one upstream: {@code /c/<name>/<rest>} goes to {@code <upstream>/<rest>}.
 *
 * @param upstream origin plus optional base path, without a trailing slash
 */
public record Connection(String name, URI upstream, ApiFamily api, UpstreamCredential credential) {
  public Connection {
    requireNonNull(name, "name");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "connection name: " + name + " (expected: lower-case letters, digits and dashes)");
    }
    requireNonNull(upstream, "upstream");
    requireNonNull(api, "api");
    requireNonNull(credential, "credential");
  }

  /** The upstream address of a path below the connection, query included. */
  public URI target(String rest, String rawQuery) {
    String base = upstream.toString().replaceAll("/+$", "");
    return URI.create(base + rest + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
  }
}
