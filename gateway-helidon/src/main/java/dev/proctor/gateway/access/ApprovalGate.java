package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import dev.proctor.access.AccessRequest;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.policy.Approval;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The approval stage of the pipeline: a call under a rule with {@code approval} goes on when its
 * caller holds a live grant; otherwise it creates or joins a pending access request and is held
 * until the request is decided or the rule's hold runs out.
 */
public final class ApprovalGate {
  private static final System.Logger LOG = System.getLogger(ApprovalGate.class.getName());

  private final AccessControl access;
  private final Clock clock;

  public ApprovalGate(AccessControl access, Clock clock) {
    this.access = requireNonNull(access, "access");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Why a held call does not go on: the HTTP status, a reason code and the caller's sentence. */
  public record Refusal(int status, String code, String message) {}

  /**
   * @param reason the caller's justification ({@code X-Proctor-Reason}), if any
   * @param duration how long the caller asks for ({@code X-Proctor-Duration}), if any
   * @param prompt the call's prompt with its secrets masked, for approvers to see
   * @return empty when the call may go on
   */
  public Optional<Refusal> check(
      Caller caller,
      String connection,
      String rule,
      Approval approval,
      Optional<String> reason,
      Optional<Duration> duration,
      Optional<String> prompt) {
    try {
      if (access.liveGrant(caller, connection, rule).isPresent()) {
        return Optional.empty();
      }
      AccessRequest request =
          access.openOrJoin(
              caller, connection, rule, approval, reason.orElse(""), duration, prompt);
      AccessRequest decided = access.await(request, approval.hold());
      return switch (decided.stateAt(clock.instant())) {
        case APPROVED -> Optional.empty();
        case PENDING ->
            Optional.of(
                new Refusal(
                    403,
                    "approval_pending",
                    "This call needs approval under policy rule '"
                        + rule
                        + "'. Access request "
                        + request.id()
                        + " is waiting for a member of "
                        + String.join(" or ", approval.approverGroups())
                        + "; ask them to approve it, then retry. Its state: GET"
                        + " /proctor/v1/access-requests/"
                        + request.id()
                        + "."));
        case DENIED ->
            Optional.of(
                new Refusal(
                    403,
                    "approval_denied",
                    "Access request "
                        + request.id()
                        + " was denied by "
                        + decided
                            .denial()
                            .map(d -> d.by() + ": " + d.reason())
                            .orElse("an approver")
                        + ". Send a new call with a reason (X-Proctor-Reason) to ask again."));
        case EXPIRED, REVOKED ->
            Optional.of(
                new Refusal(
                    403,
                    "approval_" + decided.stateAt(clock.instant()).wireName(),
                    "Access request "
                        + request.id()
                        + " is "
                        + decided.stateAt(clock.instant()).wireName()
                        + ". Retry the call to ask again."));
      };
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "access state unavailable: {0}", e.getMessage());
      return Optional.of(
          new Refusal(
              503,
              "approvals_unavailable",
              "This call needs approval, and the gateway cannot reach its approval state right"
                  + " now. Try again shortly, or tell your platform team."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new Refusal(503, "shutting_down", "The gateway is shutting down."));
    }
  }
}
