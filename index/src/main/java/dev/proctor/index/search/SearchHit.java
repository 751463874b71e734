package dev.proctor.index.search;

/**
 * A message that matched a query.
 *
 * @param role {@code user} for a prompt, {@code assistant} for a response
 * @param snippet the matching text with each hit wrapped in {@code <b>...</b>}
 */
public record SearchHit(SessionSummary session, String xid, String role, String snippet) {}
