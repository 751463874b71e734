package dev.proctor.review.sessions;

import dev.proctor.index.search.Snippet;
import java.util.ArrayList;
import java.util.List;

/**
 * A snippet split into plain and highlighted runs, from the index's {@code <b>...</b>} marks, each
 * run's text as the message held it.
 *
 * @param highlighted whether this run matched the query
 */
public record Highlight(String text, boolean highlighted) {

  /** The runs of {@code snippet}; newlines become spaces, so a snippet stays one line. */
  public static List<Highlight> parse(String snippet) {
    List<Highlight> runs = new ArrayList<>();
    String text = snippet.replace('\n', ' ');
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("<b>", at);
      if (open < 0) {
        runs.add(new Highlight(Snippet.unescape(text.substring(at)), false));
        break;
      }
      int close = text.indexOf("</b>", open);
      if (close < 0) {
        runs.add(new Highlight(Snippet.unescape(text.substring(at)), false));
        break;
      }
      if (open > at) {
        runs.add(new Highlight(Snippet.unescape(text.substring(at, open)), false));
      }
      runs.add(new Highlight(Snippet.unescape(text.substring(open + 3, close)), true));
      at = close + 4;
    }
    return runs;
  }

  /** The runs' text without marks. */
  public static String plain(List<Highlight> runs) {
    StringBuilder out = new StringBuilder();
    runs.forEach(r -> out.append(r.text()));
    return out.toString();
  }
}
