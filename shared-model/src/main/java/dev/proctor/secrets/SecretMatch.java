package dev.proctor.secrets;

/**
 * A secret found in a text. It holds where the secret was and its fingerprint, never the secret.
 *
 * @param start offset of the secret's first character in the text (UTF-16 chars)
 * @param end offset just past the secret
 */
public record SecretMatch(Rule rule, int start, int end, String fingerprint) {

  /** What replaces the secret in masked text: {@code [MASKED:<rule>:<first 8 of fingerprint>]}. */
  public String placeholder() {
    return "[MASKED:" + rule.id() + ":" + fingerprint.substring(0, 8) + "]";
  }

  public int length() {
    return end - start;
  }
}
