package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import java.util.function.Supplier;

/**
 * The credential the gateway injects upstream: one header whose value is a {@link Secret} (from the
 * environment, a file or the config) or a Copilot token exchange. Its value is never logged or
 * recorded; {@link #toString()} names only where it comes from.
 */
public final class UpstreamCredential {
  private final String header;
  private final String prefix;
  private final Supplier<String> value;
  private final String origin;
  private final Supplier<String> longLived;

  private UpstreamCredential(
      String header,
      String prefix,
      Supplier<String> value,
      String origin,
      Supplier<String> longLived) {
    this.header = requireNonNull(header, "header");
    this.prefix = requireNonNull(prefix, "prefix");
    this.value = requireNonNull(value, "value");
    this.origin = requireNonNull(origin, "origin");
    this.longLived = requireNonNull(longLived, "longLived");
  }

  /** {@code <header>: <prefix><secret>}, for example {@code Authorization: Bearer sk-...}. */
  public static UpstreamCredential of(String header, String prefix, Secret secret) {
    return new UpstreamCredential(header, prefix, secret.value(), secret.origin(), secret.value());
  }

  /** The short-lived Copilot API token as {@code Authorization: Bearer <token>}. */
  public static UpstreamCredential copilot(CopilotTokenSource source) {
    return new UpstreamCredential(
        "Authorization", "Bearer ", source, source.toString(), source.githubToken());
  }

  public String header() {
    return header;
  }

  /** The full header value; call it per request, so rotation and renewal take effect. */
  public String headerValue() {
    return prefix + value.get();
  }

  /**
   * Reads the long-lived secret behind this credential (the static value, or the GitHub token a
   * Copilot token is exchanged for) and sends it nowhere, to learn whether it can be read.
   *
   * @throws RuntimeException saying why it cannot
   */
  public void checkReadable() {
    longLived.get();
  }

  @Override
  public String toString() {
    return header + " from " + origin;
  }
}
