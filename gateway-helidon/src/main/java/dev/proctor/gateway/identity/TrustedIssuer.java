package dev.proctor.gateway.identity;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One identity provider whose tokens the gateway accepts.
 *
 * @param issuer the exact {@code iss} value
 * @param audiences accepted {@code aud} values; a token must carry at least one
 * @param jwksUri the key set; empty to find it through OIDC discovery
 * @param subjectClaim claim path of the subject, dotted for nested claims
 * @param groupsClaim claim path of the groups list, dotted for nested claims
 * @param trustedAttributes claims copied into {@link Caller#attributes()} as trusted policy inputs
 */
public record TrustedIssuer(
    String issuer,
    List<String> audiences,
    Optional<URI> jwksUri,
    String subjectClaim,
    String groupsClaim,
    List<String> trustedAttributes,
    Duration clockSkew) {

  public TrustedIssuer {
    requireNonNull(issuer, "issuer");
    audiences = List.copyOf(audiences);
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException(
          "audiences of " + issuer + ": [] (expected: at least one)");
    }
    requireNonNull(jwksUri, "jwksUri");
    requireNonNull(subjectClaim, "subjectClaim");
    requireNonNull(groupsClaim, "groupsClaim");
    trustedAttributes = List.copyOf(trustedAttributes);
    requireNonNull(clockSkew, "clockSkew");
  }
}
