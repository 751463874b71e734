package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import dev.proctor.access.AccessRequest;
import dev.proctor.format.AccessTransition;
import dev.proctor.format.Ulid;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.policy.Approval;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The approval stage's state, shared by every replica through {@link AccessStore}. Grants are
 * looked up in a copy of all requests that is never older than the staleness bound, so a revocation
 * on one replica stops calls on another within that bound; everything that changes a request reads
 * and writes S3 directly.
 */
public final class AccessControl {
  private static final Duration POLL = Duration.ofMillis(200);

  private final AccessStore store;
  private final AuditLog audit;
  private final Optional<Webhook> webhook;
  private final Clock clock;
  private final Duration staleness;
  private final Duration pendingFor;
  private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

  private record Snapshot(List<AccessRequest> requests, Instant readAt) {}

  /**
   * @param staleness how old the copy of the requests may be when a call's grant is looked up
   * @param pendingFor how long a request waits for a decision before it expires
   */
  public AccessControl(
      AccessStore store,
      AuditLog audit,
      Optional<Webhook> webhook,
      Clock clock,
      Duration staleness,
      Duration pendingFor) {
    this.store = requireNonNull(store, "store");
    this.audit = requireNonNull(audit, "audit");
    this.webhook = requireNonNull(webhook, "webhook");
    this.clock = requireNonNull(clock, "clock");
    this.staleness = requireNonNull(staleness, "staleness");
    this.pendingFor = requireNonNull(pendingFor, "pendingFor");
  }

  public AccessStore store() {
    return store;
  }

  /**
   * An effective transition: into the audit stream, and to the webhook when one is configured.
   *
   * @param after the request after the transition
   */
  public void transitioned(AccessTransition transition, AccessRequest after) {
    audit.record(transition);
    webhook.ifPresent(w -> w.send(transition, Replies.view(after, clock.instant())));
  }

  /**
   * A grant that lets {@code caller} use {@code connection} under {@code rule} now, from the copy
   * of the requests, which may be up to the staleness bound old: so a revocation is seen within the
   * bound. A miss is settled by {@link #openOrJoin}, which reads S3 again.
   */
  public Optional<AccessRequest> liveGrant(Caller caller, String connection, String rule)
      throws IOException {
    Instant now = clock.instant();
    return requests(false).stream()
        .filter(r -> sameAccess(r, caller, connection, rule) && r.grants(now))
        .findFirst();
  }

  /**
   * From a fresh read of S3: a live grant of {@code caller} for this access (given on another
   * replica, say), else their pending request, else a new one.
   *
   * @param reason the requester's justification
   * @param duration how long the requester asks for; capped at the rule's maximum
   * @param prompt the masked prompt of the held call, shown to approvers
   */
  public AccessRequest openOrJoin(
      Caller caller,
      String connection,
      String rule,
      Approval approval,
      String reason,
      Optional<Duration> duration,
      Optional<String> prompt)
      throws IOException {
    Instant now = clock.instant();
    List<AccessRequest> mine =
        requests(true).stream().filter(r -> sameAccess(r, caller, connection, rule)).toList();
    for (AccessRequest.State wanted :
        List.of(AccessRequest.State.APPROVED, AccessRequest.State.PENDING)) {
      for (AccessRequest r : mine) {
        if (r.stateAt(now) == wanted) {
          return r;
        }
      }
    }
    AccessRequest request =
        AccessRequest.open(
                Ulid.next(now),
                new AccessRequest.Requester(caller.issuer(), caller.subject(), caller.groups()),
                connection,
                rule,
                reason,
                duration.orElse(approval.maxDuration()),
                approval.approverGroups(),
                approval.minApprovals(),
                approval.maxDuration(),
                now,
                pendingFor)
            .withPrompt(prompt);
    if (store.create(request)) {
      transitioned(
          new AccessTransition(
              request.id(),
              "opened",
              caller.subject(),
              reason,
              caller.subject(),
              connection,
              rule,
              Optional.empty(),
              request.state().wireName(),
              Optional.of(request.requestedDuration().toString())),
          request);
    }
    snapshot = new Snapshot(List.of(), Instant.EPOCH); // the next lookup reads it back
    return request;
  }

  /**
   * Waits until request {@code id} is decided, or {@code hold} has passed.
   *
   * @return the request as it was last read
   */
  public AccessRequest await(AccessRequest request, Duration hold)
      throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(hold);
    AccessRequest current = request;
    while (current.stateAt(clock.instant()) == AccessRequest.State.PENDING
        && clock.instant().isBefore(deadline)) {
      Thread.sleep(POLL);
      current = store.get(request.id()).orElse(current);
    }
    return current;
  }

  /** Every request, from a copy at most {@code staleness} old (or read now when {@code fresh}). */
  public List<AccessRequest> requests(boolean fresh) throws IOException {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (fresh || s.readAt().plus(staleness).isBefore(now)) {
      s = new Snapshot(store.list(), now);
      snapshot = s;
    }
    return s.requests();
  }

  private static boolean sameAccess(
      AccessRequest r, Caller caller, String connection, String rule) {
    return r.requester().subject().equals(caller.subject())
        && r.requester().issuer().equals(caller.issuer())
        && r.connection().equals(connection)
        && r.rule().equals(rule);
  }
}
