package dev.proctor.gateway.masking;

import java.util.Locale;

/** What the gateway does with secrets in one direction of a call. */
public enum MaskingPolicy {
  /** Replace each secret with its placeholder before it goes on, and record a finding. */
  MASK,
  /** Let the secret through, and record a finding. */
  DETECT,
  /** Do not look. */
  OFF;

  public static MaskingPolicy parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "masking must be one of mask, detect, off; got '" + value + "'");
    }
  }
}
