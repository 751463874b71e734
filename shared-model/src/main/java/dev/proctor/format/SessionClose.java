package dev.proctor.format;

import static java.util.Objects.requireNonNull;

/**
 * Closes a session; nothing follows it.
 *
 * @param reason {@code idle}, {@code shutdown}, {@code explicit} or {@code recovered}
 * @param exchanges how many exchanges the session held
 */
public record SessionClose(String reason, long exchanges) implements EventData {
  public SessionClose {
    requireNonNull(reason, "reason");
  }
}
