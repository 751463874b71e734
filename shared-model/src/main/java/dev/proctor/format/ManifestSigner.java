package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * Signs manifests as compact JWS (ES256 over P-256) with the key id in the header.
 *
 * <p>Publish {@link #publicKey()} under {@code v1/keys/<kid>.jwk.json} so readers can verify.
 */
public final class ManifestSigner {
  /** The JWS {@code typ} of a manifest. */
  public static final JOSEObjectType TYPE = new JOSEObjectType("proctor-manifest+json");

  private final ECKey key;
  private final ECDSASigner signer;

  public ManifestSigner(ECKey key) {
    this.key = requireNonNull(key, "key");
    if (!key.isPrivate() || key.getKeyID() == null) {
      throw new IllegalArgumentException("key: expected a private EC key with a kid");
    }
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("key: " + e.getMessage(), e);
    }
  }

  /** A new P-256 key; use it when no signing key is configured (dev and tests). */
  public static ECKey generateKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("P-256 key generation is always available", e);
    }
  }

  public String kid() {
    return key.getKeyID();
  }

  public ECKey publicKey() {
    return key.toPublicJWK();
  }

  public String sign(Manifest manifest) {
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build();
    try {
      JWSObject jws = new JWSObject(header, new Payload(Json.mapper().writeValueAsBytes(manifest)));
      jws.sign(signer);
      return jws.serialize();
    } catch (JsonProcessingException | JOSEException e) {
      throw new IllegalStateException("cannot sign manifest of " + manifest.sid(), e);
    }
  }
}
