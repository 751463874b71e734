package dev.proctor.gateway.policy;

import java.time.Duration;
import java.util.List;

/**
 * Just-in-time approval of a rule's calls.
 *
 * @param approverGroups who may decide: members of any of these groups, never the requester
 * @param minApprovals distinct approvers needed
 * @param maxDuration the longest grant an approver may give
 * @param hold how long a call waits for a decision before it is refused
 */
public record Approval(
    List<String> approverGroups, int minApprovals, Duration maxDuration, Duration hold) {
  public Approval {
    approverGroups = List.copyOf(approverGroups);
    if (approverGroups.isEmpty()) {
      throw new IllegalArgumentException("approvers: at least one group");
    }
    if (minApprovals < 1) {
      throw new IllegalArgumentException("min-approvals: at least 1");
    }
  }
}
