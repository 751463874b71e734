package dev.proctor.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request for access to a connection under a policy rule that needs approval, and, once approved,
 * the grant it carries. Instances are immutable: each transition returns the next state, or throws
 * {@link AccessException} saying why it is not allowed. The rule's approval settings are copied in
 * when the request is created, so a later policy change does not change who may decide an open
 * request.
 *
 * <pre>
 * pending ──approve (min distinct approvers)──▶ approved ──revoke──▶ revoked
 *    │ deny                                         │ grant runs out
 *    ▼                                              ▼
 * denied        pending past its deadline ──▶ expired
 * </pre>
 *
 * @param pendingUntil when an undecided request expires
 * @param grantedUntil when an approved request's grant runs out
 * @param prompt the start of the prompt of the call that opened the request, with its secrets
 *     masked, so approvers see what it was for; empty when it was asked for ahead of a call
 */
public record AccessRequest(
    String id,
    State state,
    Requester requester,
    String connection,
    String rule,
    String reason,
    Duration requestedDuration,
    List<String> approverGroups,
    int minApprovals,
    Duration maxDuration,
    Instant createdAt,
    Instant pendingUntil,
    List<Decision> approvals,
    Optional<Decision> denial,
    Optional<Instant> grantedUntil,
    Optional<Decision> revocation,
    Optional<String> prompt) {

  /** The states of a request; {@link #EXPIRED} is also what a pending or approved one becomes. */
  public enum State {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED,
    REVOKED;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static State of(String wireName) {
      return valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Who asked. */
  public record Requester(String issuer, String subject, List<String> groups) {
    public Requester {
      requireNonNull(issuer, "issuer");
      requireNonNull(subject, "subject");
      groups = List.copyOf(groups);
    }
  }

  /**
   * One decision: who, when, why.
   *
   * @param duration for an approval, the grant's length the approver chose
   */
  public record Decision(String by, Instant at, String reason, Optional<Duration> duration) {
    public Decision {
      requireNonNull(by, "by");
      requireNonNull(at, "at");
      requireNonNull(reason, "reason");
      requireNonNull(duration, "duration");
    }
  }

  /** Someone acting on a request: their subject and groups, from their validated token. */
  public record Actor(String subject, List<String> groups) {
    public Actor {
      requireNonNull(subject, "subject");
      groups = List.copyOf(groups);
    }
  }

  public AccessRequest {
    requireNonNull(id, "id");
    requireNonNull(state, "state");
    requireNonNull(requester, "requester");
    requireNonNull(connection, "connection");
    requireNonNull(rule, "rule");
    requireNonNull(reason, "reason");
    requireNonNull(requestedDuration, "requestedDuration");
    approverGroups = List.copyOf(approverGroups);
    requireNonNull(maxDuration, "maxDuration");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(pendingUntil, "pendingUntil");
    approvals = List.copyOf(approvals);
    requireNonNull(denial, "denial");
    requireNonNull(grantedUntil, "grantedUntil");
    requireNonNull(revocation, "revocation");
    prompt = prompt == null ? Optional.empty() : prompt;
  }

  /** A new pending request. */
  public static AccessRequest open(
      String id,
      Requester requester,
      String connection,
      String rule,
      String reason,
      Duration requestedDuration,
      List<String> approverGroups,
      int minApprovals,
      Duration maxDuration,
      Instant now,
      Duration pendingFor) {
    return new AccessRequest(
        id,
        State.PENDING,
        requester,
        connection,
        rule,
        reason,
        requestedDuration.compareTo(maxDuration) > 0 ? maxDuration : requestedDuration,
        approverGroups,
        minApprovals,
        maxDuration,
        now,
        now.plus(pendingFor),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** This request with the (masked) prompt of the call that opened it. */
  public AccessRequest withPrompt(Optional<String> maskedPrompt) {
    return new AccessRequest(
        id,
        state,
        requester,
        connection,
        rule,
        reason,
        requestedDuration,
        approverGroups,
        minApprovals,
        maxDuration,
        createdAt,
        pendingUntil,
        approvals,
        denial,
        grantedUntil,
        revocation,
        maskedPrompt);
  }

  /** The state at {@code now}: a pending request past its deadline, or a grant run out, expired. */
  public State stateAt(Instant now) {
    if (state == State.PENDING && !now.isBefore(pendingUntil)) {
      return State.EXPIRED;
    }
    if (state == State.APPROVED && grantedUntil.map(now::isBefore).orElse(false) == false) {
      return State.EXPIRED;
    }
    return state;
  }

  /** Whether this request's grant lets its requester through at {@code now}. */
  public boolean grants(Instant now) {
    return stateAt(now) == State.APPROVED;
  }

  /**
   * One approver's approval. The request is approved once {@link #minApprovals} distinct approvers
   * have approved; the grant lasts the shortest duration they chose.
   *
   * @param duration the grant's length; at most the rule's maximum
   */
  public AccessRequest approve(Actor approver, Duration duration, String reason, Instant now)
      throws AccessException {
    checkDecider(approver, now);
    if (approvals.stream().anyMatch(a -> a.by().equals(approver.subject()))) {
      throw new AccessException(
          AccessException.Kind.CONFLICT,
          approver.subject() + " has already approved request " + id + ".");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new AccessException(
          AccessException.Kind.INVALID, "The duration of a grant must be positive.");
    }
    if (duration.compareTo(maxDuration) > 0) {
      throw new AccessException(
          AccessException.Kind.INVALID,
          "Rule '"
              + rule
              + "' allows grants of at most "
              + maxDuration
              + "; "
              + duration
              + " was asked.");
    }
    List<Decision> next = new ArrayList<>(approvals);
    next.add(new Decision(approver.subject(), now, reason, Optional.of(duration)));
    if (next.size() < minApprovals) {
      return with(State.PENDING, next, denial, grantedUntil, revocation);
    }
    Duration shortest =
        next.stream().map(d -> d.duration().orElseThrow()).min(Duration::compareTo).orElseThrow();
    return with(State.APPROVED, next, denial, Optional.of(now.plus(shortest)), revocation);
  }

  public AccessRequest deny(Actor approver, String reason, Instant now) throws AccessException {
    checkDecider(approver, now);
    return with(
        State.DENIED,
        approvals,
        Optional.of(new Decision(approver.subject(), now, reason, Optional.empty())),
        grantedUntil,
        revocation);
  }

  /** Ends a live grant; the requester's next call needs a new approval. */
  public AccessRequest revoke(Actor actor, String reason, Instant now) throws AccessException {
    State current = stateAt(now);
    if (current != State.APPROVED) {
      throw new AccessException(
          AccessException.Kind.CONFLICT,
          "Request " + id + " is " + name(current) + "; only an approved grant can be revoked.");
    }
    return with(
        State.REVOKED,
        approvals,
        denial,
        grantedUntil,
        Optional.of(new Decision(actor.subject(), now, reason, Optional.empty())));
  }

  /** Whether {@code actor} is in one of the approver groups of this request's rule. */
  public boolean isApprover(Actor actor) {
    return actor.groups().stream().anyMatch(approverGroups::contains);
  }

  @JsonIgnore
  public boolean isDecided() {
    return state != State.PENDING;
  }

  private void checkDecider(Actor approver, Instant now) throws AccessException {
    checkMayDecide(approver);
    State current = stateAt(now);
    if (current != State.PENDING) {
      throw new AccessException(
          AccessException.Kind.CONFLICT,
          "Request " + id + " is " + name(current) + " and can no longer be decided.");
    }
  }

  /**
   * Throws {@link AccessException.Kind#FORBIDDEN} unless {@code approver} may approve or deny this
   * request, whatever its state: a member of the rule's approver groups who is not its requester.
   */
  public void checkMayDecide(Actor approver) throws AccessException {
    if (approver.subject().equals(requester.subject())) {
      throw new AccessException(
          AccessException.Kind.FORBIDDEN,
          "You cannot decide your own access request (" + id + "); another approver must.");
    }
    if (!isApprover(approver)) {
      throw new AccessException(
          AccessException.Kind.FORBIDDEN,
          approver.subject()
              + " may not decide request "
              + id
              + ": rule '"
              + rule
              + "' needs a member of "
              + String.join(" or ", approverGroups)
              + ".");
    }
  }

  private static String name(State state) {
    return state.wireName();
  }

  private AccessRequest with(
      State next,
      List<Decision> nextApprovals,
      Optional<Decision> nextDenial,
      Optional<Instant> nextGrantedUntil,
      Optional<Decision> nextRevocation) {
    return new AccessRequest(
        id,
        next,
        requester,
        connection,
        rule,
        reason,
        requestedDuration,
        approverGroups,
        minApprovals,
        maxDuration,
        createdAt,
        pendingUntil,
        nextApprovals,
        nextDenial,
        nextGrantedUntil,
        nextRevocation,
        prompt);
  }
}
