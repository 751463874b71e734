package dev.proctor.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fingerprint of a secret: HMAC-SHA256 under the organisation's key, truncated to 128 bits (32
 * hex characters). It lets investigators ask whether a given key was ever exposed while the secret
 * itself is stored nowhere.
 */
public final class Fingerprinter {
  private static final int HEX_CHARS = 32;

  private final SecretKeySpec key;

  public Fingerprinter(byte[] organisationKey) {
    if (organisationKey.length < 16) {
      throw new IllegalArgumentException("the fingerprint key must be at least 16 bytes");
    }
    this.key = new SecretKeySpec(organisationKey.clone(), "HmacSHA256");
  }

  public String of(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "Fingerprinter[key hidden]";
  }
}
