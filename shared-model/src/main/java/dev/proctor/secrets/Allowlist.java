package dev.proctor.secrets;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Values that look like secrets but are not: matched by a regex, or containing a stopword
 * (case-insensitive).
 */
public record Allowlist(List<Pattern> regexes, List<String> stopwords) {
  public static final Allowlist NONE = new Allowlist(List.of(), List.of());

  /**
   * Placeholders and documentation values that no rule reports: {@code EXAMPLE} keys, template
   * variables, angle-bracket hints, runs of {@code x} or {@code *}, and Proctor's own masks.
   */
  public static final Allowlist PLACEHOLDERS =
      new Allowlist(
          List.of(
              Pattern.compile("(?i)example"),
              Pattern.compile("\\$\\{|\\{\\{|<[A-Za-z_ -]+>|%\\(|%s"),
              Pattern.compile("(?i)x{4,}|\\*{3,}|\\.{3,}|_{4,}|0{8,}"),
              Pattern.compile("\\[MASKED:"),
              Pattern.compile("(?i)^(?:your|my|the)[_-]")),
          List.of(
              "placeholder",
              "changeme",
              "change_me",
              "changeit",
              "dummy",
              "redacted",
              "insert",
              "replace",
              "sample",
              "notasecret",
              "not_a_secret"));

  public Allowlist {
    regexes = List.copyOf(regexes);
    stopwords = stopwords.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }

  boolean allows(String value) {
    for (Pattern p : regexes) {
      if (p.matcher(value).find()) {
        return true;
      }
    }
    if (!stopwords.isEmpty()) {
      String lower = value.toLowerCase(Locale.ROOT);
      for (String w : stopwords) {
        if (lower.contains(w)) {
          return true;
        }
      }
    }
    return false;
  }
}
