package dev.proctor.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens from a real OIDC provider (mock-oauth2-server), found through discovery. */
class TokenValidatorTest {
  static MockOAuth2Server idp;
  static TokenValidator validator;
  static String issuer;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start(0);
    issuer = idp.issuerUrl("corp").toString();
    TrustedIssuer trusted =
        new TrustedIssuer(
            issuer,
            List.of("proctor"),
            Optional.empty(),
            "sub",
            "realm.groups",
            List.of("repository"),
            Duration.ofSeconds(5));
    validator =
        new TokenValidator(
            List.of(trusted),
            new DiscoveredIssuerKeys(
                Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofHours(1)));
  }

  @AfterAll
  static void stop() {
    idp.shutdown();
  }

  @Test
  void validTokenYieldsTheCallerWithNestedGroupsAndTrustedClaims() throws Exception {
    String token =
        idp.issueToken(
                "corp",
                "alice",
                "proctor",
                Map.of(
                    "realm",
                    Map.of("groups", List.of("developers")),
                    "repository",
                    "acme/widgets",
                    "email",
                    "alice@example.com"),
                60)
            .serialize();

    Caller caller = validator.validate(token);

    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.groups()).containsExactly("developers");
    assertThat(caller.email()).contains("alice@example.com");
    assertThat(caller.attributes()).containsExactly(Map.entry("repository", "acme/widgets"));
  }

  @Test
  void unsignedTokenIsRejected() {
    String token = new PlainJWT(claims(issuer, "proctor", 60).build()).serialize();
    assertRejected(token, "The token is not a signed JWT");
  }

  @Test
  void hmacTokenKeyedWithTheIdpPublicKeyIsRejected() throws Exception {
    RSAKey idpKey =
        (RSAKey) JWKSet.load(new URL(idp.jwksUrl("corp").toString())).getKeys().getFirst();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(idpKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims(issuer, "proctor", 60).build());
    jwt.sign(new MACSigner(idpKey.toRSAPublicKey().getEncoded()));
    assertRejected(jwt.serialize(), "signature could not be verified");
  }

  @Test
  void tokenSignedWithAnUnknownKeyIsRejected() throws Exception {
    assertRejected(
        signedByStranger(claims(issuer, "proctor", 60)), "signature could not be verified");
  }

  @Test
  void tokenFromAnIssuerThatIsNotConfiguredIsRejected() throws Exception {
    String token = idp.issueToken("other", "alice", "proctor", Map.of(), 60).serialize();
    assertRejected(token, "Tokens from issuer '" + idp.issuerUrl("other") + "' are not accepted");
  }

  @Test
  void wrongAudienceIsRejected() {
    String token = idp.issueToken("corp", "alice", "someone-else", Map.of(), 60).serialize();
    assertRejected(token, "its audience (aud) is not this gateway");
  }

  @Test
  void expiredTokenIsRejected() {
    String token = idp.issueToken("corp", "alice", "proctor", Map.of(), -60).serialize();
    assertRejected(token, "it has expired");
  }

  @Test
  void notYetValidTokenIsRejected() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    TrustedIssuer trusted =
        new TrustedIssuer(
            "https://ci.example",
            List.of("proctor"),
            Optional.of(URI.create("http://unused")),
            "sub",
            "groups",
            List.of(),
            Duration.ofSeconds(5));
    TokenValidator own =
        new TokenValidator(
            List.of(trusted),
            t -> new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    JWTClaimsSet future =
        claims("https://ci.example", "proctor", 600)
            .notBeforeTime(Date.from(Instant.now().plusSeconds(300)))
            .build();
    assertThatThrownBy(() -> own.validate(sign(key, future)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("it is not valid yet (nbf)");
  }

  @Test
  void tamperedPayloadIsRejected() {
    String token = idp.issueToken("corp", "alice", "proctor", Map.of(), 60).serialize();
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("alice", "admin");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
            + "."
            + parts[2];
    assertRejected(forged, "signature could not be verified");
  }

  private static void assertRejected(String token, String message) {
    assertThatThrownBy(() -> validator.validate(token))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining(message);
  }

  private static JWTClaimsSet.Builder claims(String iss, String aud, long seconds) {
    return new JWTClaimsSet.Builder()
        .issuer(iss)
        .subject("alice")
        .audience(aud)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(seconds)));
  }

  private static String signedByStranger(JWTClaimsSet.Builder claims) throws Exception {
    return sign(new RSAKeyGenerator(2048).keyID("stranger").generate(), claims.build());
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Test
  void fetchingTheKeysAtStartNamesEachIssuerAndWhyOneCannotBeReached() throws Exception {
    MockOAuth2Server down = new MockOAuth2Server();
    down.start(0);
    String unreachable = down.issuerUrl("gone").toString();
    down.shutdown();
    TokenValidator both =
        new TokenValidator(
            List.of(
                new TrustedIssuer(
                    issuer,
                    List.of("proctor"),
                    Optional.empty(),
                    "sub",
                    "groups",
                    List.of(),
                    Duration.ofSeconds(5)),
                new TrustedIssuer(
                    unreachable,
                    List.of("proctor"),
                    Optional.empty(),
                    "sub",
                    "groups",
                    List.of(),
                    Duration.ofSeconds(5))),
            new DiscoveredIssuerKeys(
                Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofHours(1)));

    List<TokenValidator.KeyFetch> report = both.fetchKeys();

    assertThat(report).hasSize(2);
    assertThat(report.get(0))
        .isEqualTo(new TokenValidator.KeyFetch(true, "issuer " + issuer + ": 1 key"));
    assertThat(report.get(1).fetched()).isFalse();
    assertThat(report.get(1).line())
        .startsWith(
            "issuer " + unreachable + ": its keys cannot be fetched (discovery of " + unreachable)
        .doesNotContain("null")
        .endsWith("); tokens it issues are refused until they can");
  }
}
