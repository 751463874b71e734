package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One effective change of an access request, in the audit stream ({@code v1/audit/}): who did what
 * to which request, when (the event's {@code ts}) and why.
 *
 * @param action {@code opened}, {@code approved} (one approval; {@code to} says whether it was the
 *     deciding one), {@code denied} or {@code revoked}
 * @param by the subject who acted: the requester for {@code opened}, else the approver or admin
 * @param from the request's state before, empty for {@code opened}
 * @param to its state after
 * @param duration the grant's length an approver chose, ISO-8601
 */
public record AccessTransition(
    String requestId,
    String action,
    String by,
    String reason,
    String requester,
    String connection,
    String rule,
    Optional<String> from,
    String to,
    Optional<String> duration)
    implements EventData {
  public AccessTransition {
    requireNonNull(requestId, "requestId");
    requireNonNull(action, "action");
    requireNonNull(by, "by");
    requireNonNull(reason, "reason");
    requireNonNull(requester, "requester");
    requireNonNull(connection, "connection");
    requireNonNull(rule, "rule");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(duration, "duration");
  }
}
