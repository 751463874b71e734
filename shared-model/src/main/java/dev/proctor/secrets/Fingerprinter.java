package dev.proctor.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
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

  /**
   * The organisation key from the environment, for command-line tools: {@code
   * PROCTOR_FINGERPRINT_KEY_FILE}, the gateway's key file itself (its raw bytes), or else {@code
   * PROCTOR_FINGERPRINT_KEY}, a text key of 16 or more characters.
   *
   * @return empty when neither is set
   * @throws IOException if the key file cannot be read
   * @throws IllegalArgumentException if the key is shorter than 16 bytes
   */
  public static Optional<Fingerprinter> fromEnvironment(Map<String, String> env)
      throws IOException {
    String file = env.get("PROCTOR_FINGERPRINT_KEY_FILE");
    if (file != null && !file.isBlank()) {
      return Optional.of(new Fingerprinter(Files.readAllBytes(Path.of(file))));
    }
    String text = env.get("PROCTOR_FINGERPRINT_KEY");
    if (text != null && !text.isEmpty()) {
      return Optional.of(new Fingerprinter(text.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
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
