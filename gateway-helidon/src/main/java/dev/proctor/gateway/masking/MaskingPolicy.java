package dev.proctor.gateway.masking;

import dev.proctor.format.Finding;
import java.util.Locale;

/** What the gateway does with secrets in one direction of a call. */
public enum MaskingPolicy {
  /** Replace each secret with its placeholder before it goes on, and record a finding. */
  MASK,
  /** Let the secret through, and record a finding; the recording still keeps it masked. */
  DETECT,
  /** Do not look: the text goes on and is recorded as it is. */
  OFF;

  /** The action a finding records under this policy. */
  public Finding.Action action() {
    return this == MASK ? Finding.Action.MASKED : Finding.Action.DETECTED;
  }

  public static MaskingPolicy parse(String value) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "masking must be one of mask, detect, off; got '" + value + "'");
    }
  }
}
