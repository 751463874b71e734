package dev.proctor.review.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Syntax highlighting for the languages coding agents write most: keywords, strings, comments and
 * numbers, found in one linear pass (no regular expressions, so hostile model output cannot make it
 * slow). Languages: Java, Kotlin, JavaScript/TypeScript, Go, Rust, C/C++/C#, Python, Ruby, shell,
 * YAML and JSON; anything else is plain.
 */
final class CodeHighlighter {
  private static final Set<String> C_LIKE =
      Set.of(
          "java",
          "kotlin",
          "kt",
          "js",
          "javascript",
          "ts",
          "typescript",
          "tsx",
          "jsx",
          "go",
          "rust",
          "rs",
          "c",
          "cpp",
          "c++",
          "h",
          "cs",
          "csharp",
          "swift",
          "scala",
          "json");
  private static final Set<String> HASH_COMMENTS =
      Set.of("python", "py", "ruby", "rb", "sh", "bash", "shell", "zsh", "yaml", "yml", "toml");

  private static final Set<String> KEYWORDS =
      Set.copyOf(
          List.of(
              // Java, Kotlin, C-family
              "abstract",
              "boolean",
              "break",
              "case",
              "catch",
              "class",
              "const",
              "continue",
              "default",
              "do",
              "double",
              "else",
              "enum",
              "extends",
              "final",
              "finally",
              "float",
              "for",
              "if",
              "implements",
              "import",
              "instanceof",
              "int",
              "interface",
              "long",
              "new",
              "package",
              "private",
              "protected",
              "public",
              "return",
              "static",
              "super",
              "switch",
              "this",
              "throw",
              "throws",
              "try",
              "void",
              "volatile",
              "while",
              "var",
              "val",
              "fun",
              "record",
              "sealed",
              "yield",
              "null",
              "true",
              "false",
              "struct",
              "typedef",
              "char",
              // JavaScript, TypeScript
              "function",
              "let",
              "async",
              "await",
              "export",
              "from",
              "typeof",
              "undefined",
              "type",
              // Go, Rust
              "func",
              "go",
              "defer",
              "chan",
              "map",
              "range",
              "fn",
              "mut",
              "impl",
              "pub",
              "use",
              "mod",
              "match",
              "trait",
              "where",
              "loop",
              "crate",
              "self",
              "Self",
              // Python, Ruby, shell
              "def",
              "lambda",
              "pass",
              "raise",
              "with",
              "as",
              "in",
              "is",
              "not",
              "and",
              "or",
              "elif",
              "None",
              "True",
              "False",
              "end",
              "then",
              "fi",
              "done",
              "esac",
              "echo",
              "export",
              "local",
              "unless",
              "module",
              "require",
              "nil"));

  private CodeHighlighter() {}

  static List<Span> highlight(String language, String code) {
    String lang = language.toLowerCase(Locale.ROOT);
    boolean cLike = C_LIKE.contains(lang);
    boolean hash = HASH_COMMENTS.contains(lang);
    if (!cLike && !hash) {
      return code.isEmpty() ? List.of() : List.of(Span.of(code, Span.Style.PLAIN));
    }
    List<Span> spans = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    int i = 0;
    int n = code.length();
    while (i < n) {
      char c = code.charAt(i);
      int end;
      Span.Style style;
      if (cLike && code.startsWith("//", i)) {
        end = lineEnd(code, i);
        style = Span.Style.COMMENT;
      } else if (cLike && code.startsWith("/*", i)) {
        int close = code.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
        style = Span.Style.COMMENT;
      } else if (hash && c == '#') {
        end = lineEnd(code, i);
        style = Span.Style.COMMENT;
      } else if (c == '"' || c == '\'' || (c == '`' && cLike)) {
        end = stringEnd(code, i, c);
        style = Span.Style.STRING;
      } else if (Character.isDigit(c) && (i == 0 || !isWordChar(code.charAt(i - 1)))) {
        end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(code.charAt(end))
                || code.charAt(end) == '.'
                || code.charAt(end) == '_')) {
          end++;
        }
        style = Span.Style.NUMBER;
      } else if (Character.isLetter(c) || c == '_') {
        end = i + 1;
        while (end < n && isWordChar(code.charAt(end))) {
          end++;
        }
        if (!KEYWORDS.contains(code.substring(i, end))) {
          plain.append(code, i, end);
          i = end;
          continue;
        }
        style = Span.Style.KEYWORD;
      } else {
        plain.append(c);
        i++;
        continue;
      }
      if (!plain.isEmpty()) {
        spans.add(Span.of(plain.toString(), Span.Style.PLAIN));
        plain.setLength(0);
      }
      spans.add(Span.of(code.substring(i, end), style));
      i = end;
    }
    if (!plain.isEmpty()) {
      spans.add(Span.of(plain.toString(), Span.Style.PLAIN));
    }
    return spans;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static int lineEnd(String code, int from) {
    int nl = code.indexOf('\n', from);
    return nl < 0 ? code.length() : nl;
  }

  /**
   * The end of a string opened by {@code quote} at {@code from}: its closing quote, or the line.
   */
  private static int stringEnd(String code, int from, char quote) {
    int i = from + 1;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n' && quote != '`') {
        return i;
      } else {
        i++;
      }
    }
    return code.length();
  }
}
