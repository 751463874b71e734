package dev.proctor.review.findings;

import java.time.Instant;

/**
 * One row of the findings table.
 *
 * @param handling {@code masked} or {@code leaked}
 * @param status the triage status, or {@code untriaged}
 */
public record FindingRow(
    String sid,
    String xid,
    Instant time,
    String user,
    String rule,
    String direction,
    String handling,
    String source,
    String status) {}
