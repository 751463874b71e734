package dev.proctor.index.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns what an investigator types into Lucene's classic syntax. Only what docs/search.md names is
 * syntax: words, {@code "phrases"}, {@code (groups)}, {@code AND}, {@code OR}, {@code NOT}, {@code
 * -word}, {@code +word}, {@code word*}, {@code field:value} for the index's own fields and {@code
 * time:[a TO b]}. Every other character is text, so code, paths, URLs and questions are searched as
 * written ({@code std::string}, {@code a/b}, {@code config[default]}, {@code https://host}, {@code
 * tags?}). A construct that is started and not finished is an error that names it.
 */
final class QueryText {
  /** Lucene's special characters, less {@code *}, the one wildcard the syntax keeps. */
  private static final String SPECIAL = "\\+-!():^[]\"{}~?|&/";

  private static final List<String> FIELDS =
      Stream.concat(
              Arrays.stream(Facet.values()).map(Facet::field),
              Stream.of(IndexSchema.ROLE, IndexSchema.SID, IndexSchema.XID, IndexSchema.TIME))
          .toList();

  private enum Kind {
    OPERAND,
    OPEN,
    CLOSE,
    AND,
    OR,
    NOT
  }

  private record Token(Kind kind, String lucene) {}

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private final Deque<Integer> openGroups = new ArrayDeque<>();
  private int at;

  private QueryText(String text) {
    this.text = text;
  }

  /**
   * @throws IllegalArgumentException saying what is unfinished or misplaced, in words
   */
  static String toLucene(String text) {
    QueryText query = new QueryText(text);
    query.scan();
    query.checkOperators();
    return query.tokens.stream().map(Token::lucene).collect(Collectors.joining(" "));
  }

  private void scan() {
    while (true) {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      if (at == text.length()) {
        break;
      }
      char c = text.charAt(at);
      if (c == '(') {
        open("(");
      } else if (c == ')') {
        close();
      } else {
        Optional<Kind> operator = operatorAt();
        if (operator.isPresent()) {
          tokens.add(new Token(operator.get(), operator.get().name()));
          at += operator.get().name().length();
        } else {
          operand();
        }
      }
    }
    if (!openGroups.isEmpty()) {
      throw new IllegalArgumentException(
          "the group " + quoted(openGroups.peek()) + " has no closing )");
    }
  }

  private Optional<Kind> operatorAt() {
    for (Kind kind : List.of(Kind.AND, Kind.OR, Kind.NOT)) {
      int end = at + kind.name().length();
      if (text.startsWith(kind.name(), at) && (end == text.length() || endsWord(end))) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  private boolean endsWord(int index) {
    char c = text.charAt(index);
    return Character.isWhitespace(c) || c == '(' || c == ')';
  }

  /** A word, phrase or group, with its {@code -} or {@code +} and its field, if any. */
  private void operand() {
    int start = at;
    StringBuilder prefix = new StringBuilder();
    char c = text.charAt(at);
    if ((c == '-' || c == '+')
        && at + 1 < text.length()
        && !Character.isWhitespace(text.charAt(at + 1))
        && text.charAt(at + 1) != ')') {
      prefix.append(c);
      at++;
    }
    Optional<String> field = fieldAt();
    if (field.isPresent()) {
      prefix.append(field.get()).append(':');
      at += field.get().length() + 1;
    }
    boolean time = field.filter(IndexSchema.TIME::equals).isPresent();
    if (time && (at == text.length() || (text.charAt(at) != '[' && text.charAt(at) != '{'))) {
      throw new IllegalArgumentException(
          "time: needs a range after the colon, as in time:[2026-11-01 TO 2026-11-24]");
    }
    if (field.isPresent() && (at == text.length() || text.charAt(at) != '(' && endsWord(at))) {
      throw new IllegalArgumentException(
          field.get() + ": needs a value after the colon, as in " + field.get() + ":value");
    }
    char value = text.charAt(at);
    if (time) {
      range(prefix, start);
    } else if (value == '(') {
      open(prefix.toString() + '(');
    } else if (value == '"') {
      phrase(prefix, start);
    } else {
      word(prefix, start);
    }
  }

  /**
   * A known field's name when the text at hand starts with one and a colon.
   *
   * @throws IllegalArgumentException when it starts with another name, a colon and a value
   */
  private Optional<String> fieldAt() {
    int end = at;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
      end++;
    }
    if (end == at || end == text.length() || text.charAt(end) != ':') {
      return Optional.empty();
    }
    String name = text.substring(at, end);
    if (FIELDS.contains(name)) {
      return Optional.of(name);
    }
    // read as a mistyped field only when it looks like one: a lower-case name, then a word
    // (MASKED:github-pat, Foo:bar, localhost:8080, 10:15, https://… and std::string are text)
    boolean looksLikeAField =
        name.chars().allMatch(ch -> ch == '_' || (ch >= 'a' && ch <= 'z'))
            && end + 1 < text.length()
            && Character.isLetter(text.charAt(end + 1));
    if (looksLikeAField) {
      String typed = text.substring(at, wordEnd(at));
      throw new IllegalArgumentException(
          name
              + " is not a field; to search for the text "
              + typed
              + ", put it in quotes: \""
              + typed
              + "\" (the fields are "
              + String.join(", ", FIELDS)
              + ")");
    }
    return Optional.empty();
  }

  private void phrase(StringBuilder prefix, int start) {
    int close = text.indexOf('"', at + 1);
    if (close < 0) {
      throw new IllegalArgumentException("the phrase " + quoted(start) + " has no closing quote");
    }
    String words = text.substring(at + 1, close).replace("\\", "\\\\");
    tokens.add(new Token(Kind.OPERAND, prefix + "\"" + words + "\""));
    at = close + 1;
  }

  /** {@code time:[a TO b]}, passed on as it is; its bounds are read by {@link QuerySyntax}. */
  private void range(StringBuilder prefix, int start) {
    int close = at;
    while (close < text.length() && text.charAt(close) != ']' && text.charAt(close) != '}') {
      close++;
    }
    if (close == text.length()) {
      throw new IllegalArgumentException("the range " + quoted(start) + " has no closing ]");
    }
    tokens.add(new Token(Kind.OPERAND, prefix + text.substring(at, close + 1)));
    at = close + 1;
  }

  /**
   * A run of text up to the next space. Parentheses inside it are text ({@code getUser(id)}); the
   * {@code )}s at its end that nothing in it opened close groups.
   */
  private void word(StringBuilder prefix, int start) {
    int end = wordEnd(at);
    int trailing = 0;
    while (end - trailing > at && text.charAt(end - trailing - 1) == ')') {
      trailing++;
    }
    String core = text.substring(at, end - trailing);
    int closesGroups = Math.max(0, trailing - unclosedParentheses(core));
    String word = text.substring(at, end - closesGroups);
    if (!word.isEmpty()) {
      tokens.add(new Token(Kind.OPERAND, prefix + escape(word)));
    }
    at = end - closesGroups;
    for (int i = 0; i < closesGroups; i++) {
      close();
    }
  }

  private static int unclosedParentheses(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '(') {
        depth++;
      } else if (s.charAt(i) == ')' && depth > 0) {
        depth--;
      }
    }
    return depth;
  }

  private void open(String lucene) {
    openGroups.push(at);
    tokens.add(new Token(Kind.OPEN, lucene));
    at++;
  }

  private void close() {
    if (openGroups.isEmpty()) {
      String before = text.substring(0, at).strip();
      throw new IllegalArgumentException(
          "the ) after '"
              + (before.length() > 30 ? "…" + before.substring(before.length() - 30) : before)
              + "' closes no group; to search for it as text, put the text in quotes");
    }
    openGroups.pop();
    tokens.add(new Token(Kind.CLOSE, ")"));
    at++;
  }

  private void checkOperators() {
    for (int i = 0; i < tokens.size(); i++) {
      Kind kind = tokens.get(i).kind();
      Kind before = i == 0 ? null : tokens.get(i - 1).kind();
      Kind after = i + 1 == tokens.size() ? null : tokens.get(i + 1).kind();
      boolean followed = after == Kind.OPERAND || after == Kind.OPEN || after == Kind.NOT;
      if (kind == Kind.AND || kind == Kind.OR) {
        if (!(before == Kind.OPERAND || before == Kind.CLOSE) || !followed) {
          throw new IllegalArgumentException(
              kind + " needs a word or a group on each side, as in \"token " + kind + " key\"");
        }
      } else if (kind == Kind.NOT && !(after == Kind.OPERAND || after == Kind.OPEN)) {
        throw new IllegalArgumentException(
            "NOT needs a word or a group after it, as in \"token NOT test\"");
      } else if (kind == Kind.OPEN && after == Kind.CLOSE) {
        throw new IllegalArgumentException("a group () is empty");
      }
    }
  }

  private int wordEnd(int from) {
    int end = from;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The text from an offset on, shortened, in quotes: what an error points at. */
  private String quoted(int from) {
    String rest = text.substring(from).strip();
    return "'" + (rest.length() > 30 ? rest.substring(0, 30) + "…" : rest) + "'";
  }

  private static String escape(String word) {
    StringBuilder out = new StringBuilder(word.length() + 8);
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
