package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.proctor.format.Json;
import dev.proctor.gateway.Gateway;
import dev.proctor.gateway.GatewayConfig;
import dev.proctor.gateway.identity.TrustedIssuer;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens a gateway must refuse, sent over HTTP by a client: each gets 401 in OpenAI's error shape.
 * And a key rotated at an IdP is accepted without restarting the gateway.
 */
class AuthenticationTest {
  @TempDir static Path dir;
  static EmbeddedS3 s3;
  static DevIdp idp;
  static ModelSimulator simulator;
  static RotatingIdp rotating;
  static Gateway gateway;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    s3 = EmbeddedS3.start(dir.resolve("s3"), 0, DevStack.BUCKET, "id", "secret");
    idp = DevIdp.start(0);
    simulator = ModelSimulator.start(0, DevStack.SIMULATOR_API_KEY, Duration.ZERO);
    rotating = new RotatingIdp();
    GatewayConfig base =
        DevStack.gatewayConfig(
            DevStack.Options.ephemeral(dir.resolve("stack")), s3, idp, simulator);
    TrustedIssuer second =
        new TrustedIssuer(
            rotating.issuer(),
            List.of("proctor"),
            Optional.empty(),
            "sub",
            "groups",
            List.of(),
            Duration.ofSeconds(30));
    gateway =
        Gateway.start(
            new GatewayConfig(
                base.host(),
                0,
                0,
                base.connections(),
                List.of(base.issuers().getFirst(), second),
                Duration.ofMillis(500),
                base.recording(),
                base.s3(),
                base.signingKeyFile(),
                base.masking(),
                dev.proctor.gateway.policy.PolicySettings.none(),
                base.access(),
                base.upstreamReadTimeout(),
                base.upstreamConnections(),
                base.upstreamProxy()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    rotating.close();
    simulator.close();
    idp.close();
    s3.close();
  }

  @Test
  void everyBadTokenGets401InOpenAiShape() throws Exception {
    String issuer = idp.issuer();
    RSAKey idpKey = (RSAKey) JWKSet.load(new URL(idp.jwksUrl())).getKeys().getFirst();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID(idpKey.getKeyID()).generate();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("alg none", new PlainJWT(claims(issuer, "proctor", 300).build()).serialize());
    bad.put(
        "HS256 keyed with the RSA public key",
        hmac(idpKey, claims(issuer, "proctor", 300).build()));
    bad.put(
        "unknown kid",
        rsa(
            new RSAKeyGenerator(2048).keyID("no-such-kid").generate(),
            claims(issuer, "proctor", 300).build()));
    bad.put("right kid, wrong key", rsa(stranger, claims(issuer, "proctor", 300).build()));
    bad.put(
        "wrong iss",
        idp.server().issueToken("elsewhere", "alice", "proctor", Map.of(), 300).serialize());
    bad.put(
        "wrong aud",
        idp.server()
            .issueToken(DevIdp.ISSUER_ID, "alice", "not-proctor", Map.of(), 300)
            .serialize());
    bad.put(
        "expired",
        idp.server().issueToken(DevIdp.ISSUER_ID, "alice", "proctor", Map.of(), -120).serialize());
    bad.put(
        "not yet valid",
        rotating.token("ci-bot", b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
    bad.put("tampered payload", tamper(idp.token("alice", 300)));
    bad.put(
        "issuer not configured",
        rsa(
            new RSAKeyGenerator(2048).keyID("x").generate(),
            claims("https://evil.example", "proctor", 300).build()));
    bad.put("garbage", "not-a-token");

    for (Map.Entry<String, String> entry : bad.entrySet()) {
      HttpResponse<String> response = call(entry.getValue());
      assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(401);
      JsonNode body = Json.mapper().readTree(response.body());
      assertThat(body.at("/error/type").asText())
          .as(entry.getKey())
          .isEqualTo("authentication_error");
      assertThat(body.at("/error/message").asText())
          .as(entry.getKey())
          .isNotBlank()
          .doesNotContain("Exception");
    }
    assertThat(call(idp.token("alice", 300)).statusCode())
        .as("a good token still works")
        .isEqualTo(200);
  }

  @Test
  void keyRotatedAtTheIdpIsAcceptedWithoutARestart() throws Exception {
    assertThat(call(rotating.token("ci-bot")).statusCode()).isEqualTo(200);

    rotating.rotate("key-2");
    Thread.sleep(600); // past the gateway's least interval between two JWKS fetches

    assertThat(call(rotating.token("ci-bot")).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> call(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + gateway.port() + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JWTClaimsSet.Builder claims(String iss, String aud, long seconds) {
    return new JWTClaimsSet.Builder()
        .issuer(iss)
        .subject("alice")
        .audience(aud)
        .expirationTime(Date.from(Instant.now().plusSeconds(seconds)));
  }

  private static String rsa(RSAKey key, JWTClaimsSet claims) throws Exception {
    return RotatingIdp.sign(key, claims);
  }

  private static String hmac(RSAKey publicKey, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(publicKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
    return jwt.serialize();
  }

  private static String tamper(String token) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("alice", "admin");
    return parts[0]
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
        + "."
        + parts[2];
  }
}
