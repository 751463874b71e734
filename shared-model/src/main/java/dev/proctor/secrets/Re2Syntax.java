package dev.proctor.secrets;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates RE2 regex syntax (Go's, which gitleaks uses) to {@code java.util.regex}. RE2 is
 * almost a subset of Java's syntax; the differences handled here are:
 *
 * <ul>
 *   <li>{@code (?P<name>...)} named groups become {@code (?<name>...)}, with characters Java does
 *       not allow in a group name dropped;
 *   <li>POSIX classes inside brackets ({@code [[:alnum:]]}) become {@code \p{Alnum}};
 *   <li>a {@code [} inside a class, and {@code &&}, are literals in RE2 but not in Java;
 *   <li>a {@code {} that does not start a repetition is a literal in RE2;
 *   <li>{@code \v} is the vertical tab in RE2 and a class in Java.
 * </ul>
 *
 * What RE2 has and Java does not ({@code \C}, the {@code U} flag) is rejected.
 */
final class Re2Syntax {
  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\s"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));
  private static final Pattern REPEAT = Pattern.compile("\\{\\d+(?:,\\d*)?}");
  private static final Pattern FLAGS = Pattern.compile("\\(\\?[a-zA-Z-]*U");

  private Re2Syntax() {}

  static String toJava(String re2) throws UnsupportedException {
    if (FLAGS.matcher(re2).lookingAt() || re2.contains("(?U") || re2.contains("(?-U")) {
      throw new UnsupportedException("the U (ungreedy) flag has no Java equivalent");
    }
    StringBuilder out = new StringBuilder(re2.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < re2.length(); i++) {
      char c = re2.charAt(i);
      if (c == '\\' && i + 1 < re2.length()) {
        char next = re2.charAt(i + 1);
        if (next == 'C') {
          throw new UnsupportedException("\\C (any byte) has no Java equivalent");
        } else if (next == 'v') {
          out.append("\\x0B");
        } else {
          out.append(c).append(next);
        }
        i++;
      } else if (inClass) {
        if (c == '[' && re2.startsWith("[:", i)) {
          int close = re2.indexOf(":]", i + 2);
          if (close < 0) {
            throw new UnsupportedException("unterminated POSIX class at " + i);
          }
          String name = re2.substring(i + 2, close);
          boolean negated = name.startsWith("^");
          String java = POSIX.get(negated ? name.substring(1) : name);
          if (java == null) {
            throw new UnsupportedException("unknown POSIX class [:" + name + ":]");
          }
          out.append(
              negated
                  ? java.replace("\\p", "\\P").replace("\\s", "\\S").replace("\\w", "\\W")
                  : java);
          i = close + 1;
        } else if (c == '[') {
          out.append("\\[");
        } else if (c == '&' && i + 1 < re2.length() && re2.charAt(i + 1) == '&') {
          out.append("&\\&");
          i++;
        } else if (c == ']') {
          out.append(c);
          inClass = false;
        } else {
          out.append(c);
        }
      } else if (c == '[') {
        out.append(c);
        inClass = true;
        if (re2.startsWith("^", i + 1)) {
          out.append('^');
          i++;
        }
        if (re2.startsWith("]", i + 1)) {
          out.append("\\]"); // a leading ] is a literal in RE2
          i++;
        }
      } else if (c == '(' && re2.startsWith("(?P<", i)) {
        int close = re2.indexOf('>', i);
        if (close < 0) {
          throw new UnsupportedException("unterminated group name at " + i);
        }
        out.append("(?<").append(groupName(re2.substring(i + 4, close))).append('>');
        i = close;
      } else if (c == '{') {
        Matcher repeat = REPEAT.matcher(re2).region(i, re2.length());
        out.append(repeat.lookingAt() && i > 0 ? "{" : "\\{");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String groupName(String name) {
    String cleaned = name.replaceAll("[^A-Za-z0-9]", "");
    if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
      cleaned = "g" + cleaned;
    }
    return cleaned;
  }

  /** RE2 syntax Java cannot express. */
  static final class UnsupportedException extends Exception {
    UnsupportedException(String message) {
      super(message);
    }
  }
}
