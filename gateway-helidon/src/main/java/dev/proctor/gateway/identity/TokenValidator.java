package dev.proctor.gateway.identity;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Validates IdP-issued JWTs from several trusted issuers.
 *
 * <p>The issuer is read from the unverified payload only to pick that issuer's processor; the
 * processor then checks everything: an RS, ES or PS signature by a key from the issuer's JWKS,
 * {@code typ}, {@code iss}, {@code aud}, {@code exp} and {@code nbf} with the configured clock
 * skew. Unsigned tokens, HMAC tokens and tokens of unknown issuers are refused.
 */
public final class TokenValidator {
  /** The only signature algorithms accepted: asymmetric families, never {@code none} or HS*. */
  public static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS =
      Stream.concat(JWSAlgorithm.Family.RSA.stream(), JWSAlgorithm.Family.EC.stream())
          .collect(Collectors.toUnmodifiableSet());

  private final Map<String, Issuer> issuers;
  private final ValidatedTokens validated = new ValidatedTokens(10_000, Duration.ofMinutes(5));

  public TokenValidator(List<TrustedIssuer> trusted, IssuerKeys keys) {
    requireNonNull(keys, "keys");
    this.issuers =
        trusted.stream()
            .collect(
                Collectors.toMap(
                    TrustedIssuer::issuer,
                    t -> {
                      JWKSource<SecurityContext> source = keys.source(t);
                      return new Issuer(t, source, processor(t, source));
                    },
                    (a, b) -> a,
                    LinkedHashMap::new));
  }

  /**
   * Returns the caller a token proves.
   *
   * @throws AuthenticationException with a sentence a developer understands
   */
  public Caller validate(String token) throws AuthenticationException {
    Optional<Caller> known = validated.get(token);
    if (known.isPresent()) {
      return known.get();
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new AuthenticationException(
          "The token is not a signed JWT. Send an access token from your identity provider.", e);
    }
    String iss;
    try {
      iss = Optional.ofNullable(jwt.getJWTClaimsSet().getIssuer()).orElse("");
    } catch (ParseException e) {
      throw new AuthenticationException("The token's claims are not valid JSON.", e);
    }
    Issuer issuer = issuers.get(iss);
    if (issuer == null) {
      throw new AuthenticationException(
          "Tokens from issuer '" + iss + "' are not accepted by this gateway.");
    }
    JWTClaimsSet claims;
    try {
      claims = issuer.processor().process(jwt, null);
    } catch (BadJWTException e) {
      throw new AuthenticationException("The token was rejected: " + describe(e) + ".", e);
    } catch (BadJOSEException e) {
      throw new AuthenticationException(
          "The token's signature could not be verified with the keys of " + iss + ".", e);
    } catch (JOSEException e) {
      throw new AuthenticationException(
          "The keys of " + iss + " are not reachable right now; try again shortly.", e);
    }
    Caller caller = caller(issuer.config(), claims);
    validated.put(token, caller, claims.getExpirationTime().toInstant());
    return caller;
  }

  /**
   * Fetches every issuer's keys now, one line each on how it went: {@code issuer <iss>: 2 keys}, or
   * {@code issuer <iss>: its keys cannot be fetched (<why>); tokens it issues are refused until
   * they can}. The gateway calls this once after it starts, off any caller's thread, so the first
   * call does not wait for discovery and an issuer that cannot be reached is named in the log at
   * once rather than at the first refused token.
   */
  public List<KeyFetch> fetchKeys() {
    List<KeyFetch> report = new ArrayList<>();
    for (Issuer issuer : issuers.values()) {
      String name = issuer.config().issuer();
      try {
        int keys =
            issuer.keys().get(new JWKSelector(new JWKMatcher.Builder().build()), null).size();
        report.add(
            new KeyFetch(true, "issuer " + name + ": " + keys + (keys == 1 ? " key" : " keys")));
      } catch (KeySourceException | RuntimeException e) {
        report.add(
            new KeyFetch(
                false,
                "issuer "
                    + name
                    + ": its keys cannot be fetched ("
                    + e.getMessage()
                    + "); tokens it issues are refused until they can"));
      }
    }
    return report;
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      TrustedIssuer issuer, JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Set.copyOf(issuer.audiences()),
            new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
            Set.of("sub", "exp"),
            Set.of());
    claims.setMaxClockSkew((int) issuer.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  private static String describe(BadJWTException e) {
    String message = e.getMessage();
    if (message.contains("Expired")) {
      return "it has expired";
    }
    if (message.contains("before use time")) {
      return "it is not valid yet (nbf)";
    }
    if (message.contains("aud claim") || message.contains("audience")) {
      return "its audience (aud) is not this gateway";
    }
    return message;
  }

  private static Caller caller(TrustedIssuer issuer, JWTClaimsSet claims)
      throws AuthenticationException {
    Map<String, Object> all = claims.getClaims();
    String subject =
        Claims.string(all, issuer.subjectClaim())
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        "The token has no subject claim '" + issuer.subjectClaim() + "'."));
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String name : issuer.trustedAttributes()) {
      Claims.string(all, name).ifPresent(value -> attributes.put(name, value));
    }
    return new Caller(
        issuer.issuer(),
        subject,
        Claims.string(all, "name").or(() -> Claims.string(all, "preferred_username")),
        Claims.string(all, "email"),
        Claims.strings(all, issuer.groupsClaim()),
        attributes);
  }

  /** How fetching one issuer's keys went, as a sentence for the log. */
  public record KeyFetch(boolean fetched, String line) {}

  private record Issuer(
      TrustedIssuer config,
      JWKSource<SecurityContext> keys,
      DefaultJWTProcessor<SecurityContext> processor) {}

  /** Supplies each issuer's key source (remote JWKS with caching, or a fixed set in tests). */
  @FunctionalInterface
  public interface IssuerKeys {
    JWKSource<SecurityContext> source(TrustedIssuer issuer);
  }
}
