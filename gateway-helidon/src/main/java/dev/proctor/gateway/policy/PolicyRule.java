package dev.proctor.gateway.policy;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.RecordLevel;
import dev.proctor.gateway.masking.MaskingPolicy;
import java.util.Optional;

/**
 * One rule of the policy: which calls it matches and what happens to them.
 *
 * @param denyMessage for a denying rule, the sentence the caller reads
 * @param maskRequest overrides the gateway's masking of requests, when present
 * @param maskResponse overrides the gateway's masking of answers, when present
 * @param approval present when the rule's calls need a human's approval
 * @param failClosed refuse the call (503) when it cannot be recorded, rather than let it through
 * @param line where the rule starts in its file, for messages
 */
public record PolicyRule(
    String name,
    Match match,
    boolean allow,
    String denyMessage,
    RecordLevel record,
    Optional<MaskingPolicy> maskRequest,
    Optional<MaskingPolicy> maskResponse,
    Optional<Approval> approval,
    boolean failClosed,
    int line) {

  public PolicyRule {
    requireNonNull(name, "name");
    requireNonNull(match, "match");
    requireNonNull(denyMessage, "denyMessage");
    requireNonNull(record, "record");
    requireNonNull(maskRequest, "maskRequest");
    requireNonNull(maskResponse, "maskResponse");
    requireNonNull(approval, "approval");
  }
}
