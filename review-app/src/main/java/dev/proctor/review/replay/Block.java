package dev.proctor.review.replay;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A block of a message as Markdown lays it out: a paragraph, heading or list item of styled runs,
 * or a code block highlighted for its language.
 *
 * @param language a code block's language as its fence named it; empty otherwise
 */
public record Block(Kind kind, String language, List<Span> spans) {

  /** What a block is. */
  public enum Kind {
    PARAGRAPH,
    HEADING,
    LIST_ITEM,
    CODE
  }

  public Block {
    requireNonNull(kind, "kind");
    requireNonNull(language, "language");
    spans = List.copyOf(spans);
  }

  /** The block's text without styles. */
  public String plain() {
    return spans.stream().map(Span::text).collect(Collectors.joining());
  }

  public boolean hasSecret() {
    return spans.stream().anyMatch(Span::isSecret);
  }
}
