package dev.proctor.secrets;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A check digit some token formats carry, so that a random-looking string of the right shape is
 * told apart from a real token.
 */
public enum Checksum {
  /** No check digit. */
  NONE,
  /**
   * GitHub's {@code gh[pousr]_} and npm's {@code npm_} tokens: a 4-character prefix, 30 random
   * base62 characters, then the CRC32 of those 30 characters in base62, left-padded to 6.
   */
  CRC32_BASE62;

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int PREFIX = 4;
  private static final int ENTROPY = 30;
  private static final int CHECK = 6;

  /** Whether {@code token} (the whole match, prefix included) carries a valid check digit. */
  public boolean valid(String token) {
    return switch (this) {
      case NONE -> true;
      case CRC32_BASE62 ->
          token.length() == PREFIX + ENTROPY + CHECK
              && crc32Base62(token.substring(PREFIX, PREFIX + ENTROPY))
                  .equals(token.substring(PREFIX + ENTROPY));
    };
  }

  /** The 6-character check digit of a token's 30 random characters. */
  public static String crc32Base62(String entropy) {
    CRC32 crc = new CRC32();
    crc.update(entropy.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[CHECK];
    for (int i = CHECK - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }
}
