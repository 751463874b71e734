package dev.proctor.secrets;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One kind of secret.
 *
 * <p>A rule is only tried where one of its keywords occurs (case-insensitive). An <em>anchored</em>
 * rule's match starts exactly at the keyword (every built-in rule is written so); otherwise the
 * pattern is searched in a window of {@code lookBehind} characters before the keyword and {@code
 * maxLength} after it. Rules without keywords (imported ones may lack them) are searched line by
 * line.
 *
 * @param id stable identifier, used in findings and masks, for example {@code github-pat}
 * @param pattern the regex; {@code secretGroup} picks the secret out of the match (0: all of it)
 * @param keywords lower-case literals, at least one of which the match contains
 * @param anchored the match starts at the keyword
 * @param wordBoundary the match must not be preceded or followed by a letter or digit
 * @param maxLength the longest match, counted from the keyword
 * @param lookBehind how far before the keyword an unanchored match may start
 * @param lookBehindChars for unanchored rules: a character class of what may come before the
 *     keyword in a match; empty when anything may
 * @param minEntropy Shannon entropy (bits per character) the secret must reach; 0 for none
 */
public record Rule(
    String id,
    String description,
    Pattern pattern,
    int secretGroup,
    List<String> keywords,
    boolean anchored,
    boolean wordBoundary,
    int maxLength,
    int lookBehind,
    java.util.Optional<Pattern> lookBehindChars,
    double minEntropy,
    Checksum checksum,
    Allowlist allowlist) {

  public Rule {
    requireNonNull(id, "id");
    requireNonNull(description, "description");
    requireNonNull(pattern, "pattern");
    keywords = List.copyOf(keywords);
    requireNonNull(checksum, "checksum");
    requireNonNull(allowlist, "allowlist");
    if (anchored && keywords.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " is anchored but has no keywords");
    }
    if (secretGroup < 0 || secretGroup > pattern.matcher("").groupCount()) {
      throw new IllegalArgumentException(
          "rule " + id + ": secretGroup " + secretGroup + " is not a group of its regex");
    }
    if (maxLength <= 0 || lookBehind < 0) {
      throw new IllegalArgumentException("rule " + id + ": maxLength and lookBehind");
    }
  }

  /**
   * How many of the last characters of {@code text} (up to {@code end}) could be the start of a
   * match of this unanchored rule whose keyword has not arrived yet: the run of characters that may
   * come before or in a keyword, at most {@code lookBehind} plus the longest keyword.
   */
  int couldStartBefore(CharSequence text, int end) {
    int limit = lookBehind + keywords.stream().mapToInt(String::length).max().orElse(0);
    int run = 0;
    while (run < limit && run < end && mayPrecedeKeyword(text.charAt(end - 1 - run))) {
      run++;
    }
    return run;
  }

  private boolean mayPrecedeKeyword(char c) {
    if (lookBehindChars.isEmpty()) {
      return true;
    }
    String lower = String.valueOf(Character.toLowerCase(c));
    for (String k : keywords) {
      if (k.contains(lower)) {
        return true;
      }
    }
    return lookBehindChars.get().matcher(String.valueOf(c)).matches();
  }

  /** Whether {@code secret} passes the rule's checks beyond its regex. */
  boolean accepts(String secret) {
    return checksum.valid(secret)
        && (minEntropy <= 0 || Entropy.of(secret) >= minEntropy)
        && !allowlist.allows(secret)
        && !Allowlist.PLACEHOLDERS.allows(secret);
  }
}
