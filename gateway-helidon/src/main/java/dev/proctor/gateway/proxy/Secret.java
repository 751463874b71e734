package dev.proctor.gateway.proxy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A secret value and where it comes from. The value is read on every use (so a rotated file needs
 * no restart); {@link #toString()} names only the origin, never the value.
 */
public record Secret(Supplier<String> value, String origin) {
  public Secret {
    requireNonNull(value, "value");
    requireNonNull(origin, "origin");
  }

  public static Secret env(String variable) {
    return new Secret(
        () -> {
          String v = System.getenv(variable);
          if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
          }
          return v.strip();
        },
        "env " + variable);
  }

  public static Secret file(Path file) {
    return new Secret(
        () -> {
          try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
          } catch (IOException e) {
            throw new UncheckedIOException(
                "secret file "
                    + file
                    + (e instanceof NoSuchFileException
                        ? " does not exist"
                        : " cannot be read: " + e.getMessage()),
                e);
          }
        },
        "file " + file);
  }

  /** A value written in the config itself; for development only. */
  public static Secret literal(String value) {
    return new Secret(() -> value, "literal");
  }

  @Override
  public String toString() {
    return origin;
  }
}
