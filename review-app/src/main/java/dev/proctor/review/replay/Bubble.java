package dev.proctor.review.replay;

import dev.proctor.review.sessions.Highlight;
import java.util.List;

/**
 * One line of the replayed conversation: an exchange's header, or a message by its role.
 *
 * @param kind {@code exchange} for a header, else the message's role ({@code user}, {@code
 *     tool_result}, {@code assistant}, {@code tool_call})
 * @param label what heads it: the header's facts, or the role and tool name
 * @param text the text in runs; a masked secret's placeholder is a marked run
 */
public record Bubble(String kind, String label, List<Highlight> text) {

  /** The text without marks. */
  public String plain() {
    return Highlight.plain(text);
  }
}
