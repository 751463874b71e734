package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The credential the gateway injects upstream: one header whose value comes from the environment, a
 * file (re-read on every call, so rotation needs no restart) or, for the dev stack, the config
 * itself. Its value is never logged or recorded; {@link #toString()} hides it.
 */
public final class UpstreamCredential {
  private final String header;
  private final String prefix;
  private final Supplier<String> value;
  private final String origin;

  private UpstreamCredential(String header, String prefix, Supplier<String> value, String origin) {
    this.header = requireNonNull(header, "header");
    this.prefix = requireNonNull(prefix, "prefix");
    this.value = value;
    this.origin = origin;
  }

  public static UpstreamCredential fromEnv(String header, String prefix, String variable) {
    return new UpstreamCredential(
        header,
        prefix,
        () -> {
          String v = System.getenv(variable);
          if (v == null || v.isBlank()) {
            throw new IllegalStateException(
                "environment variable " + variable + " is not set (upstream credential)");
          }
          return v.strip();
        },
        "env " + variable);
  }

  public static UpstreamCredential fromFile(String header, String prefix, Path file) {
    return new UpstreamCredential(
        header,
        prefix,
        () -> {
          try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
          } catch (IOException e) {
            throw new UncheckedIOException("upstream credential file " + file, e);
          }
        },
        "file " + file);
  }

  public static UpstreamCredential literal(String header, String prefix, String value) {
    return new UpstreamCredential(header, prefix, () -> value, "literal");
  }

  public String header() {
    return header;
  }

  /** The full header value, for example {@code Bearer sk-...}. */
  public String headerValue() {
    return prefix + value.get();
  }

  @Override
  public String toString() {
    return header + " from " + origin;
  }
}
