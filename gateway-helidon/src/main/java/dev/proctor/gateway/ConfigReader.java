package dev.proctor.gateway;

import io.helidon.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the typed values of a gateway config and collects what is wrong with them, each as {@code
 * <key>: expected <what>, got '<value>'}, so that one {@code --check-config} run (or one refused
 * start) names every problem at once. A wrong value reads as its default, so that reading goes on;
 * {@link #failIfAny()} then refuses the whole file.
 *
 * <p>Why: Helidon's own typed reads fail on the first wrong value with the name of a mapper lambda
 * ({@code Invocation of mapper 'io.helidon.config.ConfigMappers$$Lambda/0x…' has failed}), and a
 * URL without a scheme passed the check and failed on every call.
 */
final class ConfigReader {
  private final List<String> problems = new ArrayList<>();

  /** The text of a key that must be there; empty when it is not. */
  String required(Config node) {
    Optional<String> text = text(node);
    if (text.isEmpty()) {
      problems.add(node.key() + ": missing (expected a value)");
    }
    return text.orElse("");
  }

  /** A non-negative ISO-8601 duration such as {@code PT30S}. */
  Duration duration(Config node, Duration otherwise) {
    Optional<String> text = text(node);
    if (text.isEmpty()) {
      return otherwise;
    }
    try {
      Duration value = Duration.parse(text.get());
      if (!value.isNegative()) {
        return value;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problem(node, "an ISO-8601 duration such as PT30S, PT15M or PT2H", text.get());
    return otherwise;
  }

  /** A whole number from {@code min} to {@code max}. */
  int number(Config node, int min, int max, int otherwise) {
    Optional<String> text = text(node);
    if (text.isEmpty()) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(
        node,
        max == Integer.MAX_VALUE
            ? "a whole number of at least " + min
            : "a whole number from " + min + " to " + max,
        text.get());
    return otherwise;
  }

  /** {@code true} or {@code false}. */
  boolean flag(Config node, boolean otherwise) {
    Optional<String> text = text(node);
    if (text.isEmpty()) {
      return otherwise;
    }
    return switch (text.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(node, "true or false", text.get());
        yield otherwise;
      }
    };
  }

  /** One of {@code allowed} (any case), in lower case. */
  String choice(Config node, String otherwise, List<String> allowed) {
    Optional<String> text = text(node);
    if (text.isEmpty()) {
      return otherwise;
    }
    String value = text.get().toLowerCase(Locale.ROOT);
    if (allowed.contains(value)) {
      return value;
    }
    problem(node, oneOf(allowed), text.get());
    return otherwise;
  }

  /** An absolute {@code http} or {@code https} URL with a host, when {@code node} has a value. */
  Optional<URI> url(Config node) {
    return text(node).flatMap(text -> url(node, text));
  }

  /** {@link #url(Config)} of a key that must be there. */
  Optional<URI> requiredUrl(Config node) {
    if (text(node).isEmpty()) {
      problems.add(node.key() + ": missing (expected an http or https URL)");
      return Optional.empty();
    }
    return url(node);
  }

  /** {@code text}, the value of {@code node}, as an http(s) URL. */
  Optional<URI> url(Config node, String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawFragment() == null) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problem(node, "an http or https URL such as https://api.example.com", text);
    return Optional.empty();
  }

  /** Records a problem that is not about one value's form. */
  void problem(String line) {
    problems.add(line);
  }

  /**
   * @throws InvalidConfigException naming every problem found
   */
  void failIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }

  private void problem(Config node, String expected, String got) {
    problems.add(node.key() + ": expected " + expected + ", got '" + got + "'");
  }

  private static Optional<String> text(Config node) {
    return node.asString().asOptional().map(String::strip);
  }

  private static String oneOf(List<String> allowed) {
    return allowed.size() == 1
        ? allowed.getFirst()
        : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + allowed.getLast();
  }
}
