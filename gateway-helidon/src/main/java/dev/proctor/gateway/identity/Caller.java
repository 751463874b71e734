package dev.proctor.gateway.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A caller whose token was validated.
 *
 * @param attributes trusted attributes taken from the token, such as GitHub Actions' {@code
 *     repository}, {@code environment} and {@code ref}
 */
public record Caller(
    String issuer,
    String subject,
    Optional<String> name,
    Optional<String> email,
    List<String> groups,
    Map<String, String> attributes) {

  public Caller {
    requireNonNull(issuer, "issuer");
    requireNonNull(subject, "subject");
    requireNonNull(name, "name");
    requireNonNull(email, "email");
    groups = List.copyOf(groups);
    attributes = Map.copyOf(attributes);
  }
}
