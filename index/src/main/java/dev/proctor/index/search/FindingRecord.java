package dev.proctor.index.search;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.Annotation;
import java.time.Instant;
import java.util.Optional;

/**
 * One secret found in a recorded exchange, as the findings table shows it.
 *
 * @param direction {@code request} (the prompt or a tool result) or {@code response}
 * @param handling {@code masked} when the gateway replaced it before it went on; {@code leaked}
 *     when it went through (the gateway only detected it, or only the index's rules find it)
 * @param source {@code gateway} when the gateway recorded it, {@code index} when the current rules
 *     found it in the recorded text
 * @param fingerprint the keyed fingerprint of the secret, never the secret
 * @param status the triage status of the exchange's secrets, empty until someone triages them
 * @param annotationId the annotation that holds that status
 */
public record FindingRecord(
    String sid,
    String xid,
    Instant time,
    String user,
    String rule,
    String direction,
    String handling,
    String source,
    String fingerprint,
    Optional<Annotation.Status> status,
    Optional<String> annotationId) {

  /** The annotation kind that triage of secrets writes. */
  public static final String TRIAGE_KIND = "secret";

  public FindingRecord {
    requireNonNull(sid, "sid");
    requireNonNull(xid, "xid");
    requireNonNull(time, "time");
    requireNonNull(user, "user");
    requireNonNull(rule, "rule");
    requireNonNull(direction, "direction");
    requireNonNull(handling, "handling");
    requireNonNull(source, "source");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(status, "status");
    requireNonNull(annotationId, "annotationId");
  }

  public boolean leaked() {
    return handling.equals("leaked");
  }
}
