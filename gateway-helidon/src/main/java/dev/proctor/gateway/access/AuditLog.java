package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.AccessTransition;
import dev.proctor.format.EventChain;
import dev.proctor.format.S3Layout;
import dev.proctor.format.Segments;
import dev.proctor.format.Ulid;
import dev.proctor.gateway.recording.SpooledObjects;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * This gateway's audit chain of access-request transitions, under {@code v1/audit/}: the chain
 * rules of recordings (contiguous sequence numbers, each line linked to the previous line's hash),
 * one object per transition so that an investigator sees it at once. The chain is named by an id
 * the gateway takes when it starts. Entries go through the recorder's spool ({@link
 * SpooledObjects}), so one written while S3 is down is not lost.
 */
public final class AuditLog {
  private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

  private final SpooledObjects objects;
  private final S3Layout layout;
  private final Clock clock;
  private final String gatewayId;
  private final EventChain chain;

  public AuditLog(SpooledObjects objects, S3Layout layout, Clock clock) {
    this.objects = requireNonNull(objects, "objects");
    this.layout = requireNonNull(layout, "layout");
    this.clock = requireNonNull(clock, "clock");
    this.gatewayId = Ulid.next(clock.instant());
    this.chain = EventChain.start(gatewayId);
  }

  public String gatewayId() {
    return gatewayId;
  }

  /**
   * Appends a transition and writes it through the spool: to S3 at once when S3 takes it, else
   * retried from the spool until it does, across restarts. A failure is logged, never thrown.
   */
  public synchronized void record(AccessTransition transition) {
    Instant now = clock.instant();
    EventChain.Link link = chain.append(now, Optional.empty(), transition);
    String key =
        layout.auditKey(gatewayId, link.event().seq(), LocalDate.ofInstant(now, ZoneOffset.UTC));
    try {
      objects.put(key, Segments.gzip(List.of(link.line())));
    } catch (IOException e) {
      LOG.log(
          Level.ERROR,
          "audit entry {0} of request {1} ({2}) could not be written: {3}",
          key,
          transition.requestId(),
          transition.action(),
          e.getMessage());
    }
  }
}
