package dev.proctor.devstack;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.time.Instant;
import java.util.Date;

/**
 * A minimal OIDC issuer over real HTTP (discovery and JWKS) whose signing key can be rotated, for
 * testing that the gateway follows a rotation without a restart.
 */
final class RotatingIdp implements AutoCloseable {
  private final WebServer server;
  private volatile RSAKey key;

  RotatingIdp() throws Exception {
    key = newKey("key-1");
    server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(
                r ->
                    r.get(
                            "/.well-known/openid-configuration",
                            (req, res) -> {
                              res.header(HeaderNames.CONTENT_TYPE, "application/json");
                              res.send(
                                  "{\"issuer\":\""
                                      + issuer()
                                      + "\",\"jwks_uri\":\""
                                      + issuer()
                                      + "/jwks\"}");
                            })
                        .get(
                            "/jwks",
                            (req, res) -> {
                              res.header(HeaderNames.CONTENT_TYPE, "application/json");
                              res.send(new JWKSet(key.toPublicJWK()).toString());
                            }))
            .build()
            .start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Replaces the signing key; the old one disappears from the JWKS. */
  void rotate(String kid) throws Exception {
    key = newKey(kid);
  }

  String token(String subject) throws Exception {
    return token(subject, b -> b);
  }

  /** A token signed with the current key, its claims adjusted by {@code tweak}. */
  String token(String subject, java.util.function.UnaryOperator<JWTClaimsSet.Builder> tweak)
      throws Exception {
    JWTClaimsSet claims =
        tweak
            .apply(
                new JWTClaimsSet.Builder()
                    .issuer(issuer())
                    .subject(subject)
                    .audience("proctor")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))))
            .build();
    return sign(key, claims);
  }

  /** An RS256 JWT of {@code claims} signed with {@code key}, its {@code kid} in the header. */
  static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
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

  private static RSAKey newKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  @Override
  public void close() {
    server.stop();
  }
}
