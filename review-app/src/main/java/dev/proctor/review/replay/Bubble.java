package dev.proctor.review.replay;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of the replayed conversation: an exchange's header, or a message by its role.
 *
 * @param id stable across playback: the exchange id and the message's place in it
 * @param kind {@code exchange} for a header, else the message's role ({@code user}, {@code
 *     tool_result}, {@code assistant}, {@code tool_call})
 * @param label what heads it: the header's facts, or the role and tool name
 * @param blocks the text laid out as Markdown (tool calls and results as one code block), secrets
 *     marked
 */
public record Bubble(String id, String kind, String label, List<Block> blocks) {

  public Bubble {
    blocks = List.copyOf(blocks);
  }

  /** The text without marks. */
  public String plain() {
    return blocks.stream().map(Block::plain).collect(Collectors.joining("\n"));
  }

  public boolean hasSecret() {
    return blocks.stream().anyMatch(Block::hasSecret);
  }

  /** Tool calls and their results fold away. */
  public boolean collapsible() {
    return kind.equals("tool_call") || kind.equals("tool_result");
  }
}
