package dev.proctor.review.replay;

import static java.util.Objects.requireNonNull;

/**
 * A run of text in a bubble and how it is shown.
 *
 * @param note what a marked run means, for a tooltip: the rule's description for a masked or leaked
 *     secret; empty otherwise
 */
public record Span(String text, Style style, String note) {

  /** How a run is shown. */
  public enum Style {
    PLAIN,
    BOLD,
    /** inline code */
    CODE,
    /** a placeholder the gateway put where a secret was */
    MASKED,
    /** a secret that went through: the current rules find it in the recorded text */
    LEAKED,
    KEYWORD,
    STRING,
    COMMENT,
    NUMBER
  }

  public Span {
    requireNonNull(text, "text");
    requireNonNull(style, "style");
    requireNonNull(note, "note");
  }

  public static Span of(String text, Style style) {
    return new Span(text, style, "");
  }

  public boolean isSecret() {
    return style == Style.MASKED || style == Style.LEAKED;
  }
}
