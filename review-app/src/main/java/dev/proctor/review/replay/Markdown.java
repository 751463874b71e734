package dev.proctor.review.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The Markdown that models write, read into blocks: fenced code blocks (highlighted for their
 * language), headings, list items and paragraphs with {@code `code`} and {@code **bold**} runs. One
 * pass over the text, no regular expressions; anything else stays as written.
 */
final class Markdown {
  private Markdown() {}

  static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    StringBuilder paragraph = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        flush(paragraph, blocks);
        String fence = trimmed.substring(0, 3);
        String language = trimmed.substring(3).strip().split("\\s", 2)[0];
        StringBuilder code = new StringBuilder();
        int j = i + 1;
        while (j < lines.length && !lines[j].strip().startsWith(fence)) {
          code.append(code.isEmpty() && j == i + 1 ? "" : "\n").append(lines[j]);
          j++;
        }
        blocks.add(
            new Block(
                Block.Kind.CODE, language, CodeHighlighter.highlight(language, code.toString())));
        i = j; // the closing fence, or the end
      } else if (trimmed.isEmpty()) {
        flush(paragraph, blocks);
      } else if (heading(trimmed) > 0) {
        flush(paragraph, blocks);
        blocks.add(
            new Block(Block.Kind.HEADING, "", inline(trimmed.substring(heading(trimmed)).strip())));
      } else if (listMarker(trimmed) > 0) {
        flush(paragraph, blocks);
        List<Span> spans = new ArrayList<>();
        spans.add(Span.of("•  ", Span.Style.PLAIN));
        spans.addAll(inline(trimmed.substring(listMarker(trimmed)).strip()));
        blocks.add(new Block(Block.Kind.LIST_ITEM, "", spans));
      } else {
        paragraph.append(paragraph.isEmpty() ? "" : "\n").append(line);
      }
    }
    flush(paragraph, blocks);
    return blocks;
  }

  private static void flush(StringBuilder paragraph, List<Block> blocks) {
    if (!paragraph.isEmpty()) {
      blocks.add(new Block(Block.Kind.PARAGRAPH, "", inline(paragraph.toString())));
      paragraph.setLength(0);
    }
  }

  /** The length of a heading's {@code #} marker and its space, or 0. */
  private static int heading(String line) {
    int n = 0;
    while (n < line.length() && n < 6 && line.charAt(n) == '#') {
      n++;
    }
    return n > 0 && n < line.length() && line.charAt(n) == ' ' ? n + 1 : 0;
  }

  /** The length of a list item's marker ({@code -}, {@code *}, {@code +} or {@code 1.}), or 0. */
  private static int listMarker(String line) {
    if (line.length() > 1
        && "-*+".indexOf(line.charAt(0)) >= 0
        && line.charAt(1) == ' '
        && !line.startsWith("**")) {
      return 2;
    }
    int n = 0;
    while (n < line.length() && n < 4 && Character.isDigit(line.charAt(n))) {
      n++;
    }
    return n > 0 && n + 1 < line.length() && line.charAt(n) == '.' && line.charAt(n + 1) == ' '
        ? n + 2
        : 0;
  }

  /** {@code `code`} and {@code **bold**} runs; an unclosed marker is text. */
  static List<Span> inline(String text) {
    List<Span> spans = new ArrayList<>();
    StringBuilder plain = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int close;
      if (c == '`' && (close = text.indexOf('`', i + 1)) > i + 1) {
        add(plain, spans);
        spans.add(Span.of(text.substring(i + 1, close), Span.Style.CODE));
        i = close + 1;
      } else if (text.startsWith("**", i) && (close = text.indexOf("**", i + 2)) > i + 2) {
        add(plain, spans);
        spans.add(Span.of(text.substring(i + 2, close), Span.Style.BOLD));
        i = close + 2;
      } else {
        plain.append(c);
        i++;
      }
    }
    add(plain, spans);
    return spans;
  }

  private static void add(StringBuilder plain, List<Span> spans) {
    if (!plain.isEmpty()) {
      spans.add(Span.of(plain.toString(), Span.Style.PLAIN));
      plain.setLength(0);
    }
  }
}
