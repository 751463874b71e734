package dev.proctor.format;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * ULIDs (26 Crockford base32 characters: 48-bit milliseconds, 80 random bits), so session ids sort
 * by time. Ids from one generator are strictly increasing, even within a millisecond.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis = -1;
  private static long randomHigh; // 16 bits
  private static long randomLow; // 64 bits

  private Ulid() {}

  public static synchronized String next(Instant now) {
    long millis = now.toEpochMilli();
    if (millis <= lastMillis) {
      millis = lastMillis;
      randomLow++;
      if (randomLow == 0) {
        randomHigh = (randomHigh + 1) & 0xFFFF;
      }
    } else {
      lastMillis = millis;
      randomHigh = RANDOM.nextInt(0x10000);
      randomLow = RANDOM.nextLong();
    }
    return encode(millis, randomHigh, randomLow);
  }

  /**
   * A ULID for {@code time} with fresh random bits, outside the increasing sequence of {@link
   * #next}: for ids whose time is in the past, such as imported or generated recordings.
   */
  public static String at(Instant time) {
    return encode(time.toEpochMilli(), RANDOM.nextInt(0x10000), RANDOM.nextLong());
  }

  static String encode(long millis, long high16, long low64) {
    char[] out = new char[26];
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (millis & 31)];
      millis >>>= 5;
    }
    // 80 random bits = high16:low64, written as 16 groups of 5 bits from the least significant.
    long low = low64;
    long high = high16;
    for (int i = 25; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }

  /**
   * The instant encoded in a ULID's first ten characters.
   *
   * @throws FormatException if the text is not a ULID
   */
  public static Instant instant(String ulid) {
    if (ulid.length() != 26) {
      throw new FormatException("ulid: " + ulid + " (expected: 26 Crockford base32 characters)");
    }
    long millis = 0;
    for (int i = 0; i < 10; i++) {
      int digit = new String(ALPHABET).indexOf(ulid.charAt(i));
      if (digit < 0) {
        throw new FormatException("ulid: " + ulid + " (expected: Crockford base32)");
      }
      millis = (millis << 5) | digit;
    }
    return Instant.ofEpochMilli(millis);
  }
}
