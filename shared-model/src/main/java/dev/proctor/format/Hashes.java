package dev.proctor.format;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, as the chain and the manifest use it. */
public final class Hashes {
  /**
   * Copied for each hash: a copy costs less than {@link MessageDigest#getInstance}, which looks up
   * the provider and checks algorithm constraints on every call (the gateway hashes three times per
   * exchange).
   */
  private static final MessageDigest SHA_256 = sha256();

  private Hashes() {}

  public static String sha256Hex(byte[] bytes) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      digest = sha256();
    }
    return HexFormat.of().formatHex(digest.digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
