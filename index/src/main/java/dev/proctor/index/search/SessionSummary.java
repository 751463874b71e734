package dev.proctor.index.search;

import java.time.Instant;

/**
 * One session as lists show it.
 *
 * @param integrity {@code verified}, {@code open} or {@code broken: <reason>}
 * @param title the first prompt, shortened
 */
public record SessionSummary(
    String sid,
    String user,
    String connection,
    Instant started,
    int exchanges,
    String integrity,
    String title) {}
