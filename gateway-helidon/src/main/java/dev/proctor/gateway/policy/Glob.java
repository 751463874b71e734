package dev.proctor.gateway.policy;

import static java.util.Objects.requireNonNull;

/**
 * A shell-style pattern: {@code *} matches any run of characters (slashes included), {@code ?} one
 * character, anything else itself. Matching is linear-time backtracking over the last star, with no
 * regular expression, so a hostile subject or claim cannot make it slow.
 */
public record Glob(String pattern) {
  public Glob {
    requireNonNull(pattern, "pattern");
  }

  public boolean matches(String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))
          && pattern.charAt(p) != '*') {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
