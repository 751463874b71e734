package dev.proctor.index.search;

/**
 * The form of {@link SearchHit#snippet()}: the message's text with {@code &}, {@code <} and {@code
 * >} escaped as in HTML, and each hit wrapped in {@code <b>...</b>}. So the marks are the only
 * tags, whatever the text holds (code often holds {@code <b>} itself).
 */
public final class Snippet {
  /** What the highlighter wraps hits in before they become tags: characters text never holds. */
  static final String HIT_START = "\u0002";

  static final String HIT_END = "\u0003";

  private Snippet() {}

  /** A snippet from the highlighter's output, whose hits are wrapped in the two markers. */
  static String fromMarked(String marked) {
    return escape(marked).replace(HIT_START, "<b>").replace(HIT_END, "</b>");
  }

  /** A snippet of text without hits. */
  static String plain(String text) {
    return escape(text.replace(HIT_START, "").replace(HIT_END, ""));
  }

  /** The text of a run between marks, as the message held it. */
  public static String unescape(String run) {
    return run.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
