package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.text.ParseException;
import java.util.Set;

/** Checks a manifest JWS against trusted public keys and decodes it. */
public final class ManifestVerifier {
  private static final Set<JWSAlgorithm> ALLOWED =
      Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final JWKSet trustedKeys;

  public ManifestVerifier(JWKSet trustedKeys) {
    this.trustedKeys = requireNonNull(trustedKeys, "trustedKeys");
  }

  /**
   * @throws FormatException with the reason when the manifest is malformed, signed by a key that is
   *     not trusted, or its signature does not verify
   */
  public Manifest verify(String compactJws) {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compactJws.strip());
    } catch (ParseException e) {
      throw new FormatException("manifest is not a JWS: " + e.getMessage(), e);
    }
    JWSAlgorithm alg = jws.getHeader().getAlgorithm();
    if (!ALLOWED.contains(alg)) {
      throw new FormatException("manifest algorithm " + alg + " is not allowed (expected: ES256)");
    }
    String kid = jws.getHeader().getKeyID();
    JWK key = kid == null ? null : trustedKeys.getKeyByKeyId(kid);
    if (!(key instanceof ECKey ecKey)) {
      throw new FormatException("manifest signed by unknown key " + kid);
    }
    try {
      if (!jws.verify(new ECDSAVerifier(ecKey.toPublicJWK()))) {
        throw new FormatException("manifest signature does not verify with key " + kid);
      }
    } catch (JOSEException e) {
      throw new FormatException("manifest signature cannot be checked: " + e.getMessage(), e);
    }
    try {
      return Json.mapper().readValue(jws.getPayload().toBytes(), Manifest.class);
    } catch (IOException e) {
      throw new FormatException("manifest payload: " + e.getMessage(), e);
    }
  }
}
