package dev.proctor.index.search;

import java.time.Instant;
import java.util.List;

/**
 * One session as lists show it.
 *
 * @param integrity {@code verified}, {@code open} or {@code broken: <reason>}
 * @param title the first prompt, shortened
 * @param findingRules rules of every secret found in it
 * @param flags statuses of the annotations on it
 */
public record SessionSummary(
    String sid,
    String user,
    String connection,
    Instant started,
    int exchanges,
    String integrity,
    String title,
    List<String> findingRules,
    List<String> flags) {}
