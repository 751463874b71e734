package dev.proctor.index.search;

import java.time.Instant;
import java.util.List;

/**
 * A message that matched a query.
 *
 * @param role {@code user}, {@code tool_result}, {@code assistant} or {@code tool_call}
 * @param time when its exchange started
 * @param snippet the matching text, HTML-escaped, with each hit wrapped in {@code <b>...</b>} (see
 *     {@link Snippet})
 * @param findingRules the rules of the secrets found in the message, recorded or found at index
 *     time
 */
public record SearchHit(
    SessionSummary session,
    String xid,
    String role,
    Instant time,
    String snippet,
    List<String> findingRules) {}
